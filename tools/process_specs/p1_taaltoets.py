from common import F, N, L

TARGET = "1-aanvraag-en-recht/taaltoets.bpmn"

S = "StartEvent_bijstand_aangevraagd"
BT = "Task_taalbeheersing_beoordelen"
GT = "Gateway_taaleis_uitkomst"
EV = "EndEvent_taaleis_aangetoond"
EN = "EndEvent_taaleis_niet_van_toepassing"
TT = "Task_taaltoets_afnemen"
T8 = "Timer_acht_weken_na_aanvraag"
BZ = "Task_besluit_zonder_toetsuitslag"
EBZ = "EndEvent_besloten_zonder_toetsuitslag"
GR = "Gateway_toetsresultaat"
EB = "EndEvent_taaleis_voldaan_na_toets"
TA = "Task_taaltraject_afspreken"
ETA = "EndEvent_taaltraject_afgesproken"

spec = dict(
    slug="taaltoets",
    process_id="taaltoets",
    name="Taaltoets",
    participant="Werkbedrijf",
    fase=1,
    stuurlijn="werken en meedoen",
    documentation={
        "Doel": "Bij de aanvraag vaststellen of de klant de Nederlandse taal op referentieniveau 1F "
        "beheerst en, als dat niet zo is, direct een taaltraject met inspanningsafspraken "
        "vastleggen, zodat taal geen blijvende belemmering voor werk is.",
        "Aanleiding": "De klant heeft bijstand aangevraagd; de taaleis geldt voor iedereen van 18 jaar "
        "tot de AOW-leeftijd die niet al aantoonbaar aan de eis voldoet.",
        "Uitkomsten": "Taaleis aantoonbaar voldaan (8 jaar Nederlandstalig onderwijs, "
        "inburgeringsdiploma of ander bewijs); taaleis niet van toepassing "
        "(inburgeringsplichtig onder de Wi 2021, of ontheffing wegens een "
        "lichamelijke of psychische beperking); taaleis voldaan na de toets; "
        "taaltraject met inspanningsafspraken vastgelegd (niet verschijnen zonder "
        "geldige reden of onvoldoende inspanning leidt tot een verlaging in het "
        "maatregelproces). Is de toets 8 weken na de aanvraag nog niet afgenomen, dan "
        "beslist de inkomensconsulent op de aanvraag zonder de uitslag af te wachten.",
        "Wettelijke basis": "Pw art. 18b (taaleis: beoordeling en toets uiterlijk 8 weken na de aanvraag, "
        "inspanningsverplichting, verlaging); Besluit taaltoets Participatiewet "
        "(referentieniveau 1F, mondeling en schriftelijk); Wet inburgering 2021; "
        "Awb 4:13 (beslistermijn).",
    },
    lanes=["klant", ("inkomensconsulent", 2), "klantmanager", "werkcoach"],
    nodes=[
        N(
            S,
            "start",
            "Bijstand aangevraagd",
            "klant",
            0,
            form=[
                F("datum_aanvraag", "Datum aanvraag", "date"),
                F("taaldocumenten_overgelegd", "Taaldiploma of bewijs van onderwijs overgelegd", "boolean"),
            ],
        ),
        N(
            BT,
            "user",
            "Beheersing Nederlandse taal beoordelen",
            "inkomensconsulent",
            1,
            row=1,
            form=[
                F(
                    "taalbeoordeling",
                    "Beoordeling",
                    "enum",
                    values=[
                        ("aangetoond", "Taaleis aantoonbaar voldaan"),
                        ("niet_van_toepassing", "Niet van toepassing (inburgeringsplichtig of ontheffing)"),
                        ("toets_nodig", "Taaltoets nodig"),
                    ],
                ),
                F("toelichting_beoordeling", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            GT,
            "xor",
            "Taaleis?",
            "inkomensconsulent",
            2,
            row=1,
            default="Flow_taaleis_uitkomst_naar_taaltoets_afnemen",
        ),
        N(EV, "end", "Taaleis aantoonbaar voldaan", "inkomensconsulent", 3),
        N(EN, "end", "Taaleis niet van toepassing", "inkomensconsulent", 3, row=1),
        N(
            TT,
            "user",
            "Taaltoets afnemen",
            "klantmanager",
            3,
            form=[
                F("datum_toets", "Datum toets", "date"),
                F(
                    "toetsresultaat",
                    "Resultaat",
                    "enum",
                    values=[
                        ("behaald", "Niveau 1F behaald"),
                        ("niet_behaald", "Niveau 1F niet behaald"),
                        ("niet_verschenen", "Niet verschenen"),
                    ],
                ),
                F(
                    "geldige_reden_niet_verschenen",
                    "Geldige reden voor niet verschijnen",
                    "boolean",
                    required=False,
                ),
            ],
        ),
        N(
            T8,
            "boundary",
            "8 weken na aanvraag",
            attached=TT,
            duration="P8W",
            cancel=False,
            offset=0.8,
            side="T",
        ),
        N(
            BZ,
            "user",
            "Op aanvraag beslissen zonder toetsuitslag",
            "inkomensconsulent",
            5,
            form=[
                F("datum_besluit_aanvraag", "Datum besluit op aanvraag", "date"),
                F("toets_ingepland_op", "Toets (opnieuw) ingepland op", "date"),
            ],
        ),
        N(EBZ, "end", "Op aanvraag beslist, toets volgt", "inkomensconsulent", 6),
        N(
            GR,
            "xor",
            "Niveau 1F behaald?",
            "klantmanager",
            4,
            default="Flow_toetsresultaat_naar_taaltraject_afspreken",
        ),
        N(EB, "end", "Taaleis voldaan na toets", "klantmanager", 5),
        N(
            TA,
            "user",
            "Taaltraject en inspanningsafspraken vastleggen",
            "werkcoach",
            5,
            form=[
                F(
                    "taaltraject",
                    "Taaltraject",
                    "enum",
                    values=[
                        ("nt2_cursus", "NT2-cursus"),
                        ("taalhuis", "Taalhuis of taalmaatje"),
                        ("taal_op_de_werkvloer", "Taal op de werkvloer"),
                    ],
                ),
                F("uren_per_week", "Uren per week", "long", min=1, max=20),
                F("evaluatiedatum", "Evaluatiedatum inspanningen", "date"),
            ],
        ),
        N(ETA, "end", "Taaltraject afgesproken", "werkcoach", 6),
    ],
    flows=[
        L(S, BT),
        L(BT, GT),
        L(GT, EV, "aangetoond", 'taalbeoordeling == "aangetoond"'),
        L(GT, EN, "niet van toepassing", 'taalbeoordeling == "niet_van_toepassing"'),
        L(GT, TT, "toets nodig"),
        L(T8, BZ),
        L(BZ, EBZ),
        L(TT, GR),
        L(GR, EB, "behaald", 'toetsresultaat == "behaald"'),
        L(GR, TA, "niet behaald of niet verschenen"),
        L(TA, ETA),
    ],
)
