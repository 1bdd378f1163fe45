from common import F, N, L

TARGET = "1-aanvraag-en-recht/aanvraag-ioaw-ioaz.bpmn"

S = "StartEvent_ioaw_of_ioaz_aangevraagd"
GR = "Gateway_regeling"
WW = "Task_ww_verleden_en_leeftijd_toetsen"
JC = "Task_jaarcijfers_en_beeindigingsplan_aanleveren"
BI = "Task_bedrijfsbeeindiging_en_inkomen_beoordelen"
MT = "Gateway_toegang_getoetst"
UB = "Task_uitkering_berekenen_en_besluiten"
TB = "Timer_beslistermijn"
TO = "Task_termijnoverschrijding_afhandelen"
ETO = "EndEvent_klant_geinformeerd_vertraging"
GB = "Gateway_besluit"
AV = "Task_arbeidsverplichtingen_afspreken"
ET = "EndEvent_uitkering_toegekend"
EA = "EndEvent_aanvraag_afgewezen"

spec = dict(
    slug="aanvraag_ioaw_ioaz",
    process_id="aanvraag_ioaw_ioaz",
    name="Aanvraag IOAW/IOAZ",
    participant="Werkbedrijf",
    fase=1,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Oudere werklozen (IOAW) en oudere gewezen zelfstandigen (IOAZ) een inkomensvoorziening "
        "tot de AOW-leeftijd bieden zonder vermogenstoets, na toetsing van de eigen "
        "toegangsvoorwaarden van elke regeling, en de arbeidsverplichtingen vastleggen.",
        "Aanleiding": "De klant vraagt een IOAW-uitkering aan (na afloop van de WW, geboren vóór "
        "1965 en na zijn 50e werkloos geworden) of een IOAZ-uitkering (55 jaar of ouder "
        "bij beëindiging van een bedrijf met een te laag inkomen).",
        "Uitkomsten": "IOAW- of IOAZ-uitkering toegekend en arbeidsverplichtingen afgesproken; "
        "aanvraag afgewezen (niet voldaan aan de toegangsvoorwaarden of gezinsinkomen "
        "te hoog). Verloopt de beslistermijn van 8 weken, dan informeert de "
        "klantmanager de klant en verstrekt zo nodig een voorschot.",
        "Wettelijke basis": "IOAW (toegang: geboren vóór 1 januari 1965, werkloos na het 50e jaar, "
        "einde WW; inkomen inclusief partnerinkomen, geen vermogenstoets); IOAZ "
        "(gewezen zelfstandige van 55 jaar of ouder, beëindiging van het bedrijf, "
        "inkomenstoets over de voorgaande jaren); Awb 4:13 (beslistermijn).",
    },
    lanes=["klant", ("inkomensconsulent", 2), ("klantmanager", 2)],
    nodes=[
        N(
            S,
            "start",
            "IOAW of IOAZ aangevraagd",
            "klant",
            0,
            form=[
                F("regeling", "Regeling", "enum", values=[("ioaw", "IOAW"), ("ioaz", "IOAZ")]),
                F("geboortedatum", "Geboortedatum", "date"),
                F("datum_aanvraag", "Datum aanvraag", "date"),
            ],
        ),
        N(
            GR,
            "xor",
            "Welke regeling?",
            "inkomensconsulent",
            1,
            default="Flow_regeling_naar_ww_verleden_en_leeftijd_toetsen",
        ),
        N(
            WW,
            "user",
            "WW-verleden en leeftijdsvoorwaarde toetsen",
            "inkomensconsulent",
            2,
            row=1,
            form=[
                F("geboren_voor_1965", "Geboren vóór 1 januari 1965", "boolean"),
                F("werkloos_na_50", "Werkloos geworden na het 50e jaar", "boolean"),
                F("datum_einde_ww", "Datum einde WW", "date", required=False),
            ],
        ),
        N(
            JC,
            "user",
            "Jaarcijfers en beëindigingsplan aanleveren",
            "klant",
            3,
            form=[
                F("jaarcijfers_drie_jaar", "Jaarcijfers over 3 jaar aangeleverd", "boolean"),
                F("datum_beeindiging_bedrijf", "(Beoogde) datum beëindiging bedrijf", "date"),
            ],
        ),
        N(
            BI,
            "user",
            "Bedrijfsbeëindiging en inkomen beoordelen",
            "inkomensconsulent",
            4,
            form=[
                F("inkomen_onder_ioaz_grens", "Inkomen uit het bedrijf onder de IOAZ-grens", "boolean"),
                F("leeftijd_55_bij_beeindiging", "55 jaar of ouder bij beëindiging", "boolean"),
            ],
        ),
        N(MT, "xor", "Toegang getoetst", "inkomensconsulent", 5),
        N(
            UB,
            "user",
            "Uitkering berekenen en besluiten",
            "inkomensconsulent",
            6,
            form=[
                F(
                    "besluit",
                    "Besluit",
                    "enum",
                    values=[
                        ("toekennen", "Toekennen"),
                        ("afwijzen_toegang", "Afwijzen: niet voldaan aan toegangsvoorwaarden"),
                        ("afwijzen_inkomen", "Afwijzen: gezinsinkomen boven de grens"),
                    ],
                ),
                F("uitkering_per_maand", "Uitkering per maand (euro)", "long", min=0, max=4000),
                F("partnerinkomen_verrekend", "Partnerinkomen verrekend", "boolean"),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 8 weken verstreken",
            attached=UB,
            duration="P8W",
            cancel=False,
            offset=0.75,
        ),
        N(
            TO,
            "user",
            "Termijnoverschrijding afhandelen",
            "klantmanager",
            7,
            row=1,
            form=[
                F("klant_geinformeerd", "Klant geïnformeerd over vertraging", "boolean"),
                F("voorschot_verstrekt", "Voorschot verstrekt", "boolean"),
            ],
        ),
        N(ETO, "end", "Klant geïnformeerd over vertraging", "klantmanager", 8, row=1),
        N(GB, "xor", "Toekennen?", "inkomensconsulent", 7, default="Flow_besluit_naar_aanvraag_afgewezen"),
        N(
            AV,
            "user",
            "Arbeidsverplichtingen en re-integratie afspreken",
            "klantmanager",
            8,
            form=[
                F(
                    "arbeidsverplichtingen",
                    "Arbeidsverplichtingen",
                    "enum",
                    values=[
                        ("volledig", "Volledig"),
                        ("ontheffing", "Ontheffing"),
                        ("deels", "Gedeeltelijk"),
                    ],
                ),
                F("reintegratie_aanbod", "Re-integratieaanbod", required=False, maxlength=1000),
            ],
        ),
        N(ET, "end", "IOAW/IOAZ-uitkering toegekend", "klantmanager", 9),
        N(EA, "end", "Aanvraag afgewezen", "inkomensconsulent", 8),
    ],
    flows=[
        L(S, GR),
        L(GR, JC, "IOAZ", 'regeling == "ioaz"'),
        L(GR, WW, "IOAW"),
        L(JC, BI),
        L(WW, MT),
        L(BI, MT),
        L(MT, UB),
        L(TB, TO),
        L(TO, ETO),
        L(UB, GB),
        L(GB, AV, "toekennen", 'besluit == "toekennen"'),
        L(GB, EA, "afwijzen"),
        L(AV, ET),
    ],
)
