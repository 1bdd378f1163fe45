from common import F, N, L

TARGET = "4-werkgeversdienstverlening-en-matching/werving-en-selectie.bpmn"

S = "StartEvent_vacature_opengesteld"
GD = "Gateway_doelgroepenbeleid"
SW = "Task_kandidaten_selecteren_wettelijke_doelgroep"
SV = "Task_kandidaten_selecteren_werkgeversvraag"
MS = "Gateway_selectie_samenvoegen"
PS = "Gateway_voordragen_en_voorbereiden"
KV = "Task_kandidaat_voorbereiden_op_gesprek"
KD = "Task_kandidaten_voordragen_aan_werkgever"
PJ = "Gateway_voorbereiding_afgerond"
SG = "Task_sollicitatiegesprek_voeren"
GU = "Gateway_uitkomst_gesprek"
EA = "EndEvent_kandidaat_aangenomen"
EP = "EndEvent_proefplaatsing_afgesproken"
EN = "EndEvent_kandidaat_niet_geselecteerd"

spec = dict(
    slug="werving_en_selectie",
    process_id="werving_en_selectie",
    name="Werving en selectie",
    participant="Werkbedrijf",
    fase=4,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Voor een open vacature de best passende kandidaten uit het bestand selecteren, "
        "voorbereiden en voordragen, zodat de werkgever een kandidaat aanneemt of een "
        "proefplaatsing aanbiedt.",
        "Aanleiding": "Een vacature is na de vacature-intake opengesteld voor kandidaten uit het bestand.",
        "Uitkomsten": "Kandidaat aangenomen; proefplaatsing afgesproken; kandidaat niet "
        "geselecteerd. Gemeenten die doelgroepen naar de wet indelen "
        "(profiel.doelgroepen = wet) selecteren op wettelijke doelgroep "
        "(doelgroepregister banenafspraak, doelgroep loonkostensubsidie, overige "
        "bijstand); gemeenten die naar werkgeversvraag indelen selecteren op de vorm "
        "die de werkgever vraagt (zelfstandig, met begeleiding, groepsdetachering, "
        "beschut). Werkcoach en accountmanager werken tegelijk: de een bereidt de "
        "kandidaat voor, de ander draagt voor bij de werkgever.",
        "Wettelijke basis": "Pw art. 7 lid 1 onder b (ondersteuning bij arbeidsinschakeling); "
        "Pw art. 6 lid 1 onder e en art. 10d (doelgroep loonkostensubsidie); "
        "Wet financiering sociale verzekeringen art. 38b (doelgroepregister "
        "banenafspraak); gemeentelijke beleidsregels.",
    },
    lanes=["werkgever", ("accountmanager", 2), "werkcoach"],
    nodes=[
        N(
            S,
            "start",
            "Vacature opengesteld voor kandidaten",
            "werkgever",
            0,
            form=[
                F("functietitel", "Functie", maxlength=200),
                F("aantal_plaatsen", "Aantal plaatsen", "long", min=1, max=100),
            ],
        ),
        N(
            GD,
            "xor",
            "Doelgroepen naar wet of werkgeversvraag?",
            "accountmanager",
            1,
            default="Flow_doelgroepenbeleid_naar_kandidaten_selecteren_werkgeversvraag",
        ),
        N(
            SW,
            "user",
            "Kandidaten selecteren op wettelijke doelgroep",
            "accountmanager",
            2,
            form=[
                F(
                    "wettelijke_doelgroep",
                    "Doelgroep",
                    "enum",
                    values=[
                        ("banenafspraak", "Doelgroepregister banenafspraak"),
                        ("loonkostensubsidie", "Doelgroep loonkostensubsidie"),
                        ("bijstand_overig", "Overige bijstandsgerechtigden"),
                    ],
                ),
                F("doelgroepregister_gecontroleerd", "Doelgroepregister gecontroleerd", "boolean"),
                F("aantal_kandidaten", "Aantal geselecteerde kandidaten", "long", min=1, max=20),
            ],
        ),
        N(
            SV,
            "user",
            "Kandidaten selecteren op werkgeversvraag",
            "accountmanager",
            2,
            row=1,
            form=[
                F(
                    "gevraagde_inzet",
                    "Gevraagde inzet",
                    "enum",
                    values=[
                        ("zelfstandig", "Zelfstandig werken, direct dienstverband"),
                        ("met_begeleiding", "Dienstverband met begeleiding"),
                        ("groepsdetachering", "Als groep met gekwalificeerde leiding"),
                        ("beschut", "Alleen in beschutte omgeving"),
                    ],
                ),
                F("aantal_kandidaten", "Aantal geselecteerde kandidaten", "long", min=1, max=20),
            ],
        ),
        N(MS, "xor", "Selectie gereed", "accountmanager", 3),
        N(PS, "and", "Voordragen en voorbereiden", "accountmanager", 4),
        N(
            KD,
            "user",
            "Kandidaten voordragen aan werkgever",
            "accountmanager",
            5,
            form=[
                F("datum_voordracht", "Datum voordracht", "date"),
                F("datum_sollicitatiegesprek", "Datum sollicitatiegesprek", "date"),
            ],
        ),
        N(
            KV,
            "user",
            "Kandidaat voorbereiden op gesprek",
            "werkcoach",
            5,
            form=[
                F("cv_actueel", "Cv actueel", "boolean"),
                F("gespreksvoorbereiding", "Afspraken gespreksvoorbereiding", maxlength=1000),
            ],
        ),
        N(PJ, "and", "Klaar voor gesprek", "accountmanager", 6),
        N(
            SG,
            "user",
            "Sollicitatiegesprek voeren",
            "werkgever",
            7,
            form=[
                F(
                    "uitkomst_gesprek",
                    "Uitkomst",
                    "enum",
                    values=[
                        ("aangenomen", "Kandidaat aangenomen"),
                        ("proefplaatsing", "Proefplaatsing aangeboden"),
                        ("afgewezen", "Kandidaat afgewezen"),
                    ],
                ),
                F("terugkoppeling_werkgever", "Terugkoppeling werkgever", maxlength=1000),
            ],
        ),
        N(
            GU,
            "xor",
            "Uitkomst gesprek?",
            "accountmanager",
            8,
            default="Flow_uitkomst_gesprek_naar_kandidaat_niet_geselecteerd",
        ),
        N(EA, "end", "Kandidaat aangenomen", "werkgever", 9),
        N(EP, "end", "Proefplaatsing afgesproken", "accountmanager", 9),
        N(EN, "end", "Kandidaat niet geselecteerd", "accountmanager", 9, row=1),
    ],
    flows=[
        L(S, GD),
        L(GD, SW, "wet", 'profiel.doelgroepen == "wet"'),
        L(GD, SV, "werkgeversvraag"),
        L(SW, MS),
        L(SV, MS),
        L(MS, PS),
        L(PS, KD),
        L(PS, KV),
        L(KD, PJ),
        L(KV, PJ),
        L(PJ, SG),
        L(SG, GU, tgt_port="L"),
        L(GU, EA, "aangenomen", 'uitkomst_gesprek == "aangenomen"', src_port="T"),
        L(GU, EP, "proefplaatsing", 'uitkomst_gesprek == "proefplaatsing"'),
        L(GU, EN, "afgewezen"),
    ],
)
