from common import F, N, L

TARGET = "6-beheer-en-rechtmatigheid/invordering.bpmn"

S = "StartEvent_vordering_opgelegd"
G1 = "Gateway_lopende_bijstand"
V = "Task_verrekenen_met_bijstand"
EV = "EndEvent_vordering_verrekend"
K = "Task_betalen_of_regeling_afspreken"
TB = "Timer_betalingstermijn"
MT = "Gateway_aflossing_loopt"
TA = "Timer_aflosperiode"
C = "Task_nakoming_regeling_controleren"
GC = "Gateway_stand_regeling"
EA = "EndEvent_vordering_afgelost"
X = "Gateway_naar_dwanginvordering"
D = "Task_dwangbevel_en_beslag"
ED = "EndEvent_beslag_gelegd"

spec = dict(
    slug="invordering",
    process_id="invordering",
    name="Invordering",
    participant="Werkbedrijf",
    fase=6,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Een vastgestelde vordering innen met een aflossing die de klant kan dragen "
        "(beslagvrije voet), en dwanginvordering alleen inzetten als de klant niet betaalt.",
        "Aanleiding": "Een terugvorderings- of boetebesluit is bekendgemaakt; de vordering staat "
        "geregistreerd.",
        "Uitkomsten": "Vordering verrekend met lopende bijstand; vordering afgelost (ineens of via "
        "een betalingsregeling die periodiek wordt gecontroleerd); of, bij niet "
        "betalen binnen de termijn of een achterstand in de regeling, aanmaning, "
        "dwangbevel en beslag.",
        "Wettelijke basis": "Pw art. 60 (executoriale titel, invordering); Pw art. 60a "
        "(verrekening met bijstand); Awb 4:87 (betaling binnen zes weken), "
        "4:112-4:114 (aanmaning, dwangbevel); Rv art. 475c e.v. (beslagvrije "
        "voet); gemeentelijke beleidsregels invordering (aflostermijn).",
    },
    lanes=["klant", ("backoffice", 3)],
    nodes=[
        N(
            S,
            "start",
            "Vordering opgelegd",
            "klant",
            0,
            form=[
                F("vorderingsbedrag", "Vorderingsbedrag (euro)", "long", min=1, max=500000),
                F("lopende_bijstand", "Klant ontvangt nog bijstand", "boolean"),
                F("datum_bekendmaking", "Datum bekendmaking besluit", "date"),
            ],
        ),
        N(
            G1,
            "xor",
            "Ontvangt klant nog bijstand?",
            "backoffice",
            1,
            default="Flow_lopende_bijstand_naar_betalen_of_regeling_afspreken",
        ),
        N(
            V,
            "user",
            "Verrekenen met lopende bijstand",
            "backoffice",
            2,
            row=2,
            form=[
                F("maandbedrag_verrekening", "Maandelijkse verrekening (euro)", "long", min=1, max=2000),
                F("beslagvrije_voet_gerespecteerd", "Beslagvrije voet gerespecteerd", "boolean"),
            ],
        ),
        N(EV, "end", "Vordering wordt verrekend met bijstand", "backoffice", 3, row=2),
        N(
            K,
            "user",
            "Betalen of betalingsregeling afspreken",
            "klant",
            2,
            form=[
                F(
                    "keuze_betaling",
                    "Keuze",
                    "enum",
                    values=[("ineens", "In één keer betalen"), ("regeling", "Betalingsregeling")],
                ),
                F("maandbedrag_regeling", "Maandbedrag regeling (euro)", "long", min=0, max=5000),
            ],
        ),
        N(
            TB,
            "boundary",
            "Betalingstermijn van 6 weken verstreken",
            attached=K,
            duration="P6W",
            cancel=True,
            offset=0.25,
        ),
        N(MT, "xor", "Aflossing loopt", "backoffice", 3),
        N(TA, "timer", "Controleperiode van 6 maanden verstreken", "backoffice", 4, duration="P6M"),
        N(
            C,
            "user",
            "Nakoming betalingsregeling controleren",
            "backoffice",
            5,
            form=[
                F(
                    "stand_regeling",
                    "Stand",
                    "enum",
                    values=[
                        ("afgelost", "Volledig afgelost"),
                        ("loopt", "Loopt volgens afspraak"),
                        ("achterstand", "Achterstand"),
                    ],
                ),
                F("restant_vordering", "Restant vordering (euro)", "long", min=0, max=500000),
            ],
        ),
        N(
            GC,
            "xor",
            "Stand betalingsregeling?",
            "backoffice",
            6,
            default="Flow_stand_regeling_naar_naar_dwanginvordering",
        ),
        N(EA, "end", "Vordering afgelost", "backoffice", 7),
        N(X, "xor", "Naar dwanginvordering", "backoffice", 7, row=1),
        N(
            D,
            "user",
            "Aanmanen, dwangbevel uitvaardigen en beslag leggen",
            "backoffice",
            8,
            row=1,
            form=[
                F("datum_aanmaning", "Datum aanmaning", "date"),
                F(
                    "soort_beslag",
                    "Soort beslag",
                    "enum",
                    values=[
                        ("loonbeslag", "Loonbeslag"),
                        ("bankbeslag", "Bankbeslag"),
                        ("uitkeringsbeslag", "Beslag op uitkering"),
                    ],
                ),
                F("beslagvrije_voet", "Beslagvrije voet (euro)", "long", min=0, max=5000),
            ],
        ),
        N(ED, "end", "Beslag gelegd", "backoffice", 9, row=1),
    ],
    flows=[
        L(S, G1),
        L(G1, V, "nog bijstand", "lopende_bijstand == True"),
        L(G1, K, "geen bijstand"),
        L(V, EV),
        L(K, MT, src_port="B", tgt_port="L"),
        L(TB, X, tgt_port="L"),
        L(MT, TA),
        L(TA, C),
        L(C, GC),
        L(GC, EA, "afgelost", 'stand_regeling == "afgelost"'),
        L(GC, MT, "loopt volgens afspraak", 'stand_regeling == "loopt"', src_port="T", tgt_port="T"),
        L(GC, X, "achterstand", src_port="B"),
        L(X, D),
        L(D, ED),
    ],
)
