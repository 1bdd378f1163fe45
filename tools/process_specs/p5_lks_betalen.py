from common import F, N, L

TARGET = "5-instrumenten/lks-betalen.bpmn"

S = "StartEvent_lks_verleend"
GM = "Gateway_volgende_maand"
TM = "Timer_maand_verstreken"
LS = "Task_loonstrook_aanleveren"
TA = "Timer_loonstrook_niet_ontvangen"
AM = "Task_werkgever_aanmanen"
EA = "EndEvent_werkgever_aangemaand"
CO = "Task_loonstrook_controleren"
GC = "Gateway_correctie_nodig"
CB = "Task_correctie_beoordelen"
GB = "Gateway_betaling_gereed"
BU = "Task_betaling_uitvoeren"
GD = "Gateway_lks_loopt_door"
EU = "EndEvent_lks_volledig_uitbetaald"

spec = dict(
    slug="lks_betalen",
    process_id="lks_betalen",
    name="Loonkostensubsidie betalen",
    participant="Werkbedrijf",
    fase=5,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "De verleende loonkostensubsidie maandelijks juist en op tijd aan de werkgever "
        "betalen, met correctie bij minder gewerkte uren, ziekte of einde dienstverband.",
        "Aanleiding": "De loonkostensubsidie is bij beschikking verleend; de werkgever levert "
        "iedere maand de loonstrook en de gewerkte uren aan.",
        "Uitkomsten": "Iedere maand een gecontroleerde betaling, zo nodig gecorrigeerd (verrekenen, "
        "nabetalen of terugvorderen na beoordeling door de klantmanager), tot de "
        "loonkostensubsidie volledig is uitbetaald (einddatum bereikt of dienstverband "
        "beëindigd). Levert de werkgever de loonstrook niet binnen 6 weken, dan maant de "
        "klantmanager hem aan terwijl de betaling wacht.",
        "Wettelijke basis": "Pw art. 10d (loonkostensubsidie, hoogte naar gewerkte uren); Besluit "
        "loonkostensubsidie Participatiewet 2021 (moment van uitbetalen); "
        "Awb 4:46 e.v. (vaststelling subsidie) en 4:57 (terugvordering); "
        "gemeentelijke beleidsregels (aanlevertermijn loonstrook).",
    },
    lanes=[("klantmanager", 2), "werkgever", "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Loonkostensubsidie verleend",
            "backoffice",
            0,
            form=[
                F("ingangsdatum_lks", "Ingangsdatum loonkostensubsidie", "date"),
                F("lks_per_maand", "Loonkostensubsidie per maand (euro)", "long", min=1, max=5000),
            ],
        ),
        N(GM, "xor", "Volgende maand", "backoffice", 1),
        N(TM, "timer", "Maand verstreken", "backoffice", 2, duration="P1M"),
        N(
            LS,
            "user",
            "Loonstrook en gewerkte uren aanleveren",
            "werkgever",
            3,
            form=[
                F("gewerkte_uren", "Gewerkte uren deze maand", "long", min=0, max=220),
                F("ziekte_of_onbetaald_verlof", "Ziekte of onbetaald verlof", "boolean"),
            ],
        ),
        N(
            TA,
            "boundary",
            "Loonstrook niet binnen 6 weken",
            attached=LS,
            duration="P6W",
            cancel=False,
            offset=0.75,
            side="T",
        ),
        N(
            AM,
            "user",
            "Werkgever aanmanen",
            "klantmanager",
            4,
            form=[
                F("datum_aanmaning", "Datum aanmaning", "date"),
                F("nieuwe_aanlevertermijn", "Nieuwe aanlevertermijn", "date"),
            ],
        ),
        N(EA, "end", "Werkgever aangemaand", "klantmanager", 5),
        N(
            CO,
            "user",
            "Loonstrook controleren en uitbetaling berekenen",
            "backoffice",
            4,
            form=[
                F(
                    "afwijking",
                    "Afwijking",
                    "enum",
                    values=[
                        ("geen", "Geen afwijking"),
                        ("minder_uren", "Minder uren gewerkt"),
                        ("ziekte", "Ziekte of onbetaald verlof"),
                        ("uit_dienst", "Werknemer uit dienst"),
                    ],
                ),
                F("berekend_bedrag", "Berekend bedrag (euro)", "long", min=0, max=5000),
            ],
        ),
        N(
            GC,
            "xor",
            "Correctie nodig?",
            "backoffice",
            5,
            default="Flow_correctie_nodig_naar_betaling_gereed",
        ),
        N(
            CB,
            "user",
            "Correctie beoordelen",
            "klantmanager",
            6,
            row=1,
            form=[
                F(
                    "correctie",
                    "Correctie",
                    "enum",
                    values=[
                        ("verrekenen", "Verrekenen met deze betaling"),
                        ("nabetalen", "Nabetalen"),
                        ("terugvorderen", "Terugvorderen"),
                    ],
                ),
                F("motivering_correctie", "Motivering", maxlength=2000),
            ],
        ),
        N(GB, "xor", "Betaling gereed", "backoffice", 7),
        N(
            BU,
            "user",
            "Betaling uitvoeren",
            "backoffice",
            8,
            form=[
                F("betaaldatum", "Betaaldatum", "date"),
                F("uitbetaald_bedrag", "Uitbetaald bedrag (euro)", "long", min=0, max=5000),
                F("laatste_betaling", "Laatste betaling (einddatum bereikt of uit dienst)", "boolean"),
            ],
        ),
        N(
            GD,
            "xor",
            "LKS loopt door?",
            "backoffice",
            9,
            default="Flow_lks_loopt_door_naar_lks_volledig_uitbetaald",
        ),
        N(EU, "end", "Loonkostensubsidie volledig uitbetaald", "backoffice", 10),
    ],
    flows=[
        L(S, GM),
        L(GM, TM),
        L(TM, LS),
        L(TA, AM),
        L(AM, EA),
        L(LS, CO),
        L(CO, GC),
        L(GC, CB, "correctie", 'afwijking != "geen"'),
        L(GC, GB, "geen afwijking"),
        L(CB, GB),
        L(GB, BU),
        L(BU, GD),
        L(GD, GM, "volgende maand", "not laatste_betaling"),
        L(GD, EU, "laatste betaling"),
    ],
)
