from common import F, N, L

TARGET = "7-aanvullende-voorzieningen/kwijtschelding-gemeentelijke-belastingen.bpmn"

S = "StartEvent_verzoek_kwijtschelding_ingediend"
AT = "Task_geautomatiseerde_kwijtscheldingstoets"
GA = "Gateway_automatisch_kwijtschelden"
HT = "Task_betalingscapaciteit_toetsen"
TB = "Boundary_beslistermijn_kwijtschelding"
OV = "Task_met_voorrang_beslissen_kwijtschelding"
MB = "Gateway_besluit_kwijtschelding_genomen"
GB = "Gateway_besluit_kwijtschelding"
BR = "Task_betalingsregeling_aanbieden"
EA = "EndEvent_kwijtschelding_afgewezen"
MV = "Gateway_kwijtschelding_verwerken"
KV = "Task_kwijtschelding_verwerken"
EK = "EndEvent_aanslag_kwijtgescholden"

spec = dict(
    slug="kwijtschelding_gemeentelijke_belastingen",
    process_id="kwijtschelding_gemeentelijke_belastingen",
    name="Kwijtschelding gemeentelijke belastingen",
    participant="Sociale dienst",
    fase=7,
    stuurlijn="voorkomen",
    documentation={
        "Doel": "Voorkomen dat huishoudens met een inkomen rond het sociaal minimum schulden "
        "opbouwen door gemeentelijke belastingen (afvalstoffenheffing, rioolheffing) die "
        "zij niet kunnen betalen, met zo min mogelijk uitvraag bij de klant.",
        "Aanleiding": "De klant dient een verzoek om kwijtschelding in na ontvangst van de "
        "aanslag gemeentelijke belastingen; de invordering wordt zolang aangehouden.",
        "Uitkomsten": "Aanslag (geheel of gedeeltelijk) kwijtgescholden, rechtstreeks na een "
        "positieve geautomatiseerde toets via het Inlichtingenbureau of na "
        "handmatige toets van betalingscapaciteit en vermogen; of kwijtschelding "
        "afgewezen en een betalingsregeling aangeboden. Is de handmatige toets na "
        "8 weken niet afgerond, dan beslist de invorderingsambtenaar (backoffice) "
        "met voorrang en informeert de klant.",
        "Wettelijke basis": "Gemeentewet art. 255 (kwijtschelding gemeentelijke belastingen, "
        "gemeentelijke kwijtscheldingsregeling, normpercentage tot 100%); "
        "Invorderingswet 1990 art. 26; Uitvoeringsregeling Invorderingswet "
        "1990 art. 12 tot en met 16 (vermogen en betalingscapaciteit); "
        "Awb 4:13 (beslistermijn 8 weken).",
    },
    lanes=["klant", ("backoffice", 2), "inkomensconsulent"],
    nodes=[
        N(
            S,
            "start",
            "Verzoek om kwijtschelding ingediend",
            "klant",
            0,
            form=[
                F("datum_verzoek", "Datum verzoek", "date"),
                F("aanslagnummer", "Aanslagnummer", maxlength=30),
                F("aanslagbedrag", "Bedrag aanslag (euro)", "long", min=1, max=10000),
            ],
        ),
        N(
            AT,
            "user",
            "Geautomatiseerde toets via Inlichtingenbureau beoordelen",
            "backoffice",
            1,
            form=[
                F(
                    "uitkomst_geautomatiseerde_toets",
                    "Uitkomst toets",
                    "enum",
                    values=[
                        ("kwijtschelden", "Kwijtschelden (inkomen en vermogen bekend en laag)"),
                        ("handmatig_toetsen", "Handmatig toetsen"),
                    ],
                ),
            ],
        ),
        N(
            GA,
            "xor",
            "Automatisch kwijtschelden?",
            "backoffice",
            2,
            default="Flow_automatisch_kwijtschelden_naar_betalingscapaciteit_toetsen",
        ),
        N(
            HT,
            "user",
            "Betalingscapaciteit en vermogen toetsen",
            "inkomensconsulent",
            3,
            form=[
                F(
                    "betalingscapaciteit_per_jaar",
                    "Betalingscapaciteit per jaar (euro)",
                    "long",
                    min=0,
                    max=50000,
                ),
                F("vermogen_onder_grens", "Vermogen onder de grens", "boolean"),
                F(
                    "besluit_kwijtschelding",
                    "Besluit",
                    "enum",
                    values=[
                        ("volledig", "Volledig kwijtschelden"),
                        ("gedeeltelijk", "Gedeeltelijk kwijtschelden"),
                        ("afwijzen", "Afwijzen"),
                    ],
                ),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 8 weken verstreken",
            attached=HT,
            duration="P8W",
            cancel=True,
            offset=0.75,
            side="T",
        ),
        N(
            OV,
            "user",
            "Met voorrang beslissen en klant informeren",
            "backoffice",
            4,
            row=1,
            form=[
                F(
                    "besluit_kwijtschelding",
                    "Besluit",
                    "enum",
                    values=[
                        ("volledig", "Volledig kwijtschelden"),
                        ("gedeeltelijk", "Gedeeltelijk kwijtschelden"),
                        ("afwijzen", "Afwijzen"),
                    ],
                ),
                F("klant_geinformeerd", "Klant geïnformeerd over vertraging", "boolean"),
            ],
        ),
        N(MB, "xor", "Besluit genomen", "inkomensconsulent", 4),
        N(
            GB,
            "xor",
            "Kwijtschelding?",
            "inkomensconsulent",
            5,
            default="Flow_besluit_kwijtschelding_naar_betalingsregeling_aanbieden",
        ),
        N(
            BR,
            "user",
            "Betalingsregeling aanbieden",
            "backoffice",
            6,
            row=1,
            form=[
                F("aantal_termijnen", "Aantal termijnen", "long", min=1, max=12),
                F("datum_beschikking", "Datum beschikking", "date"),
            ],
        ),
        N(EA, "end", "Kwijtschelding afgewezen, betalingsregeling aangeboden", "backoffice", 7, row=1),
        N(MV, "xor", "Kwijtschelding verwerken", "backoffice", 6),
        N(
            KV,
            "user",
            "Kwijtschelding verwerken en aanslag afboeken",
            "backoffice",
            7,
            form=[
                F("kwijtgescholden_bedrag", "Kwijtgescholden bedrag (euro)", "long", min=1, max=10000),
                F("datum_beschikking", "Datum beschikking", "date"),
            ],
        ),
        N(EK, "end", "Aanslag kwijtgescholden", "backoffice", 8),
    ],
    flows=[
        L(S, AT),
        L(AT, GA),
        L(GA, MV, "kwijtschelden", 'uitkomst_geautomatiseerde_toets == "kwijtschelden"'),
        L(GA, HT, "handmatig toetsen"),
        L(TB, OV),
        L(HT, MB),
        L(OV, MB),
        L(MB, GB),
        L(GB, MV, "kwijtschelden", 'besluit_kwijtschelding in ["volledig", "gedeeltelijk"]'),
        L(GB, BR, "afwijzen"),
        L(BR, EA),
        L(MV, KV),
        L(KV, EK),
    ],
)
