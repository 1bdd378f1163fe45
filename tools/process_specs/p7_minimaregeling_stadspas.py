from common import F, N, L

TARGET = "7-aanvullende-voorzieningen/minimaregeling-en-stadspas.bpmn"

S = "StartEvent_aanvraag_stadspas_ingediend"
GB = "Gateway_inkomen_bekend"
IT = "Task_inkomens_en_vermogenstoets_minima"
TB = "Boundary_beslistermijn_stadspas"
OT = "Task_toets_overnemen_stadspas"
MT = "Gateway_toets_gereed"
GG = "Gateway_binnen_inkomensgrens"
AW = "Task_afwijzingsbeschikking_stadspas"
EA = "EndEvent_stadspas_afgewezen"
MK = "Gateway_toekennen"
TK = "Task_stadspas_en_regelingen_toekennen"
PA = "Task_stadspas_aanmaken_en_versturen"
EV = "EndEvent_stadspas_verstrekt"

spec = dict(
    slug="minimaregeling_en_stadspas",
    process_id="minimaregeling_en_stadspas",
    name="Minimaregeling en stadspas",
    participant="Sociale dienst",
    fase=7,
    stuurlijn="werken en meedoen",
    documentation={
        "Doel": "Huishoudens met een laag inkomen laten meedoen (sport, cultuur, school, "
        "zorgverzekering) door hun een stadspas met de gemeentelijke minimaregelingen "
        "toe te kennen, met zo min mogelijk uitvraag: wie al bijstand van de gemeente "
        "ontvangt, hoeft geen inkomenstoets opnieuw te doorlopen.",
        "Aanleiding": "De klant vraagt een stadspas of een minimaregeling (meedoenregeling, "
        "kindpakket, collectieve zorgverzekering) aan.",
        "Uitkomsten": "Stadspas met de toegekende regelingen verstrekt; aanvraag afgewezen "
        "(inkomen boven de gemeentelijke inkomensgrens of vermogen te hoog). Is de "
        "inkomenstoets na 8 weken niet afgerond, dan neemt de klantmanager die over "
        "en informeert de klant.",
        "Wettelijke basis": "Gemeentelijke beleidsregels minimabeleid en verordening "
        "meedoenregeling (inkomensgrens, bijvoorbeeld 120% van de "
        "bijstandsnorm); Pw art. 35 lid 3 (collectieve aanvullende "
        "zorgverzekering voor minima); Pw art. 8 lid 1 onder c (verordening "
        "maatschappelijke participatie schoolgaande kinderen); Awb 4:13 "
        "(beslistermijn 8 weken).",
    },
    lanes=["klant", ("inkomensconsulent", 2), "klantmanager", "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Aanvraag stadspas ingediend",
            "klant",
            0,
            form=[
                F("datum_aanvraag", "Datum aanvraag", "date"),
                F("ontvangt_bijstand", "Klant ontvangt bijstand van de gemeente", "boolean"),
                F("aantal_schoolgaande_kinderen", "Aantal schoolgaande kinderen", "long", min=0, max=15),
            ],
        ),
        N(
            GB,
            "xor",
            "Inkomen al bekend?",
            "inkomensconsulent",
            1,
            default="Flow_inkomen_bekend_naar_inkomens_en_vermogenstoets_minima",
        ),
        N(
            IT,
            "user",
            "Inkomens- en vermogenstoets uitvoeren",
            "inkomensconsulent",
            2,
            form=[
                F("inkomen_onder_grens", "Inkomen onder gemeentelijke inkomensgrens", "boolean"),
                F("vermogen_onder_grens", "Vermogen onder vermogensgrens", "boolean"),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 8 weken verstreken",
            attached=IT,
            duration="P8W",
            cancel=True,
            offset=0.75,
        ),
        N(
            OT,
            "user",
            "Toets overnemen en klant informeren",
            "klantmanager",
            3,
            form=[
                F("inkomen_onder_grens", "Inkomen onder gemeentelijke inkomensgrens", "boolean"),
                F("vermogen_onder_grens", "Vermogen onder vermogensgrens", "boolean"),
                F("klant_geinformeerd", "Klant geïnformeerd over vertraging", "boolean"),
            ],
        ),
        N(MT, "xor", "Toets gereed", "inkomensconsulent", 3),
        N(
            GG,
            "xor",
            "Binnen inkomensgrens?",
            "inkomensconsulent",
            4,
            default="Flow_binnen_inkomensgrens_naar_afwijzingsbeschikking_stadspas",
        ),
        N(
            AW,
            "user",
            "Afwijzingsbeschikking opstellen",
            "inkomensconsulent",
            5,
            row=1,
            form=[
                F(
                    "afwijzingsgrond",
                    "Afwijzingsgrond",
                    "enum",
                    values=[
                        ("inkomen", "Inkomen boven inkomensgrens"),
                        ("vermogen", "Vermogen boven vermogensgrens"),
                    ],
                ),
                F("datum_beschikking", "Datum beschikking", "date"),
            ],
        ),
        N(EA, "end", "Stadspas afgewezen", "inkomensconsulent", 6, row=1),
        N(MK, "xor", "Toekennen", "inkomensconsulent", 5),
        N(
            TK,
            "user",
            "Stadspas en regelingen toekennen",
            "inkomensconsulent",
            6,
            form=[
                F("kindpakket", "Kindpakket toegekend", "boolean"),
                F("collectieve_zorgverzekering", "Collectieve zorgverzekering aangeboden", "boolean"),
                F("geldig_tot", "Stadspas geldig tot", "date"),
            ],
        ),
        N(
            PA,
            "user",
            "Stadspas aanmaken en versturen",
            "backoffice",
            7,
            form=[
                F("pasnummer", "Pasnummer", maxlength=20),
                F("verzenddatum", "Verzenddatum", "date"),
            ],
        ),
        N(EV, "end", "Stadspas verstrekt", "backoffice", 8),
    ],
    flows=[
        L(S, GB),
        L(GB, MK, "bijstand bekend", "ontvangt_bijstand == True"),
        L(GB, IT, "toetsen"),
        L(TB, OT),
        L(IT, MT),
        L(OT, MT),
        L(MT, GG),
        L(GG, MK, "binnen grens", "inkomen_onder_grens and vermogen_onder_grens"),
        L(GG, AW, "boven grens"),
        L(AW, EA),
        L(MK, TK),
        L(TK, PA),
        L(PA, EV),
    ],
)
