from common import F, N, L

TARGET = "3-re-integratie-en-ontwikkeling/participatieplaats.bpmn"

S = "StartEvent_aangewezen_voor_participatieplaats"
PA = "Task_plaatsingsafspraken_vastleggen"
BK = "Task_participatieplaats_opdragen"
GM = "Gateway_periode_van_zes_maanden"
T6 = "Timer_zes_maanden_verstreken"
PS = "Gateway_input_beoordeling_vragen"
FV = "Task_functioneren_beoordelen"
EK = "Task_eigen_ervaring_doorgeven"
PJ = "Gateway_input_beoordeling_compleet"
BO = "Task_halfjaarlijkse_beoordeling"
GB = "Gateway_uitkomst_beoordeling"
EW = "EndEvent_doorgestroomd_naar_regulier_werk"
EB = "Task_participatieplaats_beeindigen"
EE = "EndEvent_participatieplaats_beeindigd"

spec = dict(
    slug="participatieplaats",
    process_id="participatieplaats",
    name="Participatieplaats",
    participant="Werkbedrijf",
    fase=3,
    stuurlijn="werken en meedoen",
    documentation={
        "Doel": "De klant met behoud van uitkering onbeloonde, additionele werkzaamheden laten "
        "verrichten om werknemersvaardigheden op te doen, en elk half jaar beoordelen of "
        "regulier werk of een andere voorziening mogelijk is, zodat de plaats niet langer "
        "duurt dan nodig (ten hoogste 2 jaar).",
        "Aanleiding": "De klantmanager heeft vastgesteld dat de klant (27 jaar of ouder) baat heeft "
        "bij een participatieplaats; een werkgever biedt een plaats aan.",
        "Uitkomsten": "Klant doorgestroomd naar regulier (betaald) werk; participatieplaats "
        "beëindigd met een vastgelegd vervolg (andere voorziening, scholing, "
        "ontheffing), uiterlijk bij het bereiken van 24 maanden. Na elke periode van "
        "zes maanden start daarnaast het proces Premie participatie.",
        "Wettelijke basis": "Pw art. 10a lid 1 (participatieplaats, additionele werkzaamheden met "
        "behoud van uitkering); Pw art. 10a lid 2 en 3 (ten hoogste 2 jaar, "
        "verlenging alleen in bijzondere gevallen); Pw art. 10a lid 4 "
        "(beoordeling na zes maanden en vervolgens telkens na zes maanden); "
        "Pw art. 10a lid 6 (premie).",
    },
    lanes=["werkgever", "werkcoach", "klant", "klantmanager"],
    nodes=[
        N(
            S,
            "start",
            "Klant aangewezen voor participatieplaats",
            "klantmanager",
            0,
            form=[
                F("leeftijd", "Leeftijd", "long", min=27, max=67),
                F("gewenste_startdatum", "Gewenste startdatum", "date"),
            ],
        ),
        N(
            PA,
            "user",
            "Plaatsingsafspraken vastleggen",
            "werkgever",
            1,
            form=[
                F("werkzaamheden", "Additionele werkzaamheden", maxlength=2000),
                F("uren_per_week", "Uren per week", "long", min=8, max=32),
                F("begeleider_werkgever", "Begeleider bij werkgever", maxlength=200),
            ],
        ),
        N(
            BK,
            "user",
            "Participatieplaats opdragen (beschikking)",
            "klantmanager",
            2,
            form=[
                F("ingangsdatum_plaats", "Ingangsdatum", "date"),
                F("uiterlijke_einddatum", "Uiterlijke einddatum (max. 2 jaar)", "date"),
                F("scholing_aangeboden", "Scholing of opleiding aangeboden", "boolean"),
            ],
        ),
        N(GM, "xor", "Periode van zes maanden", "werkcoach", 3),
        N(T6, "timer", "Zes maanden verstreken", "werkcoach", 4, duration="P6M"),
        N(PS, "and", "Input voor beoordeling vragen", "werkcoach", 5),
        N(
            FV,
            "user",
            "Functioneren en inzet beoordelen",
            "werkgever",
            6,
            form=[
                F(
                    "inzet_deelnemer",
                    "Inzet",
                    "enum",
                    values=[("goed", "Goed"), ("voldoende", "Voldoende"), ("onvoldoende", "Onvoldoende")],
                ),
                F("toelichting_werkgever", "Toelichting", maxlength=1000),
            ],
        ),
        N(
            EK,
            "user",
            "Eigen ervaring en wensen doorgeven",
            "klant",
            6,
            form=[
                F("tevredenheid_plaats", "Tevredenheid (1-10)", "long", min=1, max=10),
                F("wensen_klant", "Wensen voor vervolg", required=False, maxlength=1000),
            ],
        ),
        N(PJ, "and", "Input compleet", "werkcoach", 7),
        N(
            BO,
            "user",
            "Halfjaarlijkse beoordeling",
            "werkcoach",
            8,
            form=[
                F(
                    "uitkomst_beoordeling",
                    "Uitkomst",
                    "enum",
                    values=[
                        ("regulier_werk", "Regulier werk mogelijk"),
                        ("voortzetten", "Participatieplaats voortzetten"),
                        ("andere_voorziening", "Andere voorziening passender"),
                    ],
                ),
                F("maanden_op_plaats", "Maanden op participatieplaats", "long", min=6, max=24),
                F("motivering_beoordeling", "Motivering", maxlength=2000),
            ],
        ),
        N(
            GB,
            "xor",
            "Uitkomst beoordeling?",
            "werkcoach",
            9,
            default="Flow_uitkomst_beoordeling_naar_participatieplaats_beeindigen",
        ),
        N(EW, "end", "Doorgestroomd naar regulier werk", "klant", 10),
        N(
            EB,
            "user",
            "Participatieplaats beëindigen en vervolg vaststellen",
            "klantmanager",
            10,
            form=[
                F(
                    "vervolg_na_plaats",
                    "Vervolg",
                    "enum",
                    values=[
                        ("andere_voorziening", "Andere voorziening"),
                        ("scholing", "Scholing"),
                        ("ontheffing", "Tijdelijke ontheffing"),
                    ],
                ),
                F("einddatum_plaats", "Einddatum participatieplaats", "date"),
            ],
        ),
        N(EE, "end", "Participatieplaats beëindigd, vervolg vastgesteld", "klantmanager", 11),
    ],
    flows=[
        L(S, PA),
        L(PA, BK),
        L(BK, GM),
        L(GM, T6),
        L(T6, PS),
        L(PS, FV),
        L(PS, EK),
        L(FV, PJ),
        L(EK, PJ),
        L(PJ, BO),
        L(BO, GB),
        L(GB, EW, "regulier werk", 'uitkomst_beoordeling == "regulier_werk"', src_port="R"),
        L(
            GB,
            GM,
            "voortzetten (< 24 maanden)",
            'uitkomst_beoordeling == "voortzetten" and maanden_op_plaats < 24',
        ),
        L(GB, EB, "beëindigen", src_port="B"),
        L(EB, EE),
    ],
)
