from common import F, N, L

TARGET = "1-aanvraag-en-recht/leefvorm-en-kostendelersnorm-vaststellen.bpmn"

S = "StartEvent_woonsituatie_opgegeven"
W = "Task_woonsituatie_toetsen"
GA = "Gateway_aanwijzingen_samenwonen"
HB = "Task_huisbezoek_afleggen"
GH = "Gateway_huisbezoek_uitkomst"
EW = "EndEvent_woonsituatie_niet_vast_te_stellen"
MW = "Gateway_woonsituatie_bekend"
LV = "Task_leefvorm_en_norm_vaststellen"
GN = "Gateway_toe_te_passen_norm"
PO = "Task_partner_ondertekent_aanvraag"
EGH = "EndEvent_gehuwdennorm_toegepast"
EKD = "EndEvent_kostendelersnorm_toegepast"
EAL = "EndEvent_norm_alleenstaande_toegepast"

spec = dict(
    slug="leefvorm_en_kostendelersnorm_vaststellen",
    process_id="leefvorm_en_kostendelersnorm_vaststellen",
    name="Leefvorm en kostendelersnorm vaststellen",
    participant="Werkbedrijf",
    fase=1,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "De leefvorm (alleenstaande, alleenstaande ouder, gehuwden of samenwonenden) en het "
        "aantal kostendelers juist vaststellen, zodat de juiste bijstandsnorm wordt "
        "toegepast; bij aanwijzingen voor een gezamenlijke huishouding wordt de feitelijke "
        "situatie met een huisbezoek vastgesteld.",
        "Aanleiding": "De klant heeft bij de aanvraag zijn woonsituatie en medebewoners opgegeven.",
        "Uitkomsten": "Gehuwdennorm toegepast (de partner ondertekent de aanvraag mee); "
        "kostendelersnorm toegepast; norm voor een alleenstaande (ouder) toegepast; "
        "woonsituatie niet vast te stellen omdat de klant geen medewerking aan het "
        "huisbezoek geeft, waarna de aanvraag wordt afgewezen.",
        "Wettelijke basis": "Pw art. 3 (gehuwden, gezamenlijke huishouding, hoofdverblijf in dezelfde "
        "woning), art. 4 (alleenstaande, alleenstaande ouder, gezin), art. 21 en 22a "
        "(normen, kostendelersnorm), art. 17 lid 2 (medewerkingsplicht) en art. 53a "
        "(onderzoek, huisbezoek).",
    },
    lanes=["klant", ("inkomensconsulent", 2), ("handhaver", 2)],
    nodes=[
        N(
            S,
            "start",
            "Woonsituatie opgegeven bij aanvraag",
            "klant",
            0,
            form=[
                F(
                    "opgegeven_leefvorm",
                    "Opgegeven leefvorm",
                    "enum",
                    values=[
                        ("alleenstaand", "Alleenstaand"),
                        ("alleenstaande_ouder", "Alleenstaande ouder"),
                        ("gehuwd_samenwonend", "Gehuwd of samenwonend"),
                    ],
                ),
                F("aantal_medebewoners", "Aantal medebewoners van 21 jaar of ouder", "long", min=0, max=10),
            ],
        ),
        N(
            W,
            "user",
            "Woonsituatie toetsen",
            "inkomensconsulent",
            1,
            form=[
                F("brp_klopt", "BRP-inschrijving klopt met opgave", "boolean"),
                F("aanwijzingen_samenwonen", "Aanwijzingen voor gezamenlijke huishouding", "boolean"),
                F("toelichting_woonsituatie", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            GA,
            "xor",
            "Aanwijzingen samenwonen?",
            "inkomensconsulent",
            2,
            default="Flow_aanwijzingen_samenwonen_naar_woonsituatie_bekend",
        ),
        N(
            HB,
            "user",
            "Huisbezoek afleggen",
            "handhaver",
            3,
            form=[
                F("medewerking_huisbezoek", "Klant werkt mee aan huisbezoek", "boolean"),
                F(
                    "gezamenlijke_huishouding",
                    "Gezamenlijke huishouding aangetroffen",
                    "boolean",
                    required=False,
                ),
                F("rapport_huisbezoek", "Rapport huisbezoek", maxlength=4000),
            ],
        ),
        N(
            GH,
            "xor",
            "Medewerking?",
            "handhaver",
            4,
            default="Flow_huisbezoek_uitkomst_naar_woonsituatie_bekend",
        ),
        N(EW, "end", "Woonsituatie niet vast te stellen, aanvraag afgewezen", "handhaver", 5, row=1),
        N(MW, "xor", "Woonsituatie bekend", "inkomensconsulent", 5),
        N(
            LV,
            "user",
            "Leefvorm, kostendelers en norm vaststellen",
            "inkomensconsulent",
            6,
            form=[
                F(
                    "leefvorm",
                    "Vastgestelde leefvorm",
                    "enum",
                    values=[
                        ("alleenstaande", "Alleenstaande"),
                        ("alleenstaande_ouder", "Alleenstaande ouder"),
                        ("gehuwden", "Gehuwden of samenwonenden"),
                    ],
                ),
                F(
                    "aantal_kostendelers",
                    "Aantal kostendelers (inclusief klant en partner)",
                    "long",
                    min=1,
                    max=12,
                ),
                F(
                    "uitgezonderde_medebewoners",
                    "Uitgezonderde medebewoners (student, commerciële huur)",
                    required=False,
                    maxlength=500,
                ),
            ],
        ),
        N(
            GN,
            "xor",
            "Welke norm?",
            "inkomensconsulent",
            7,
            default="Flow_toe_te_passen_norm_naar_norm_alleenstaande_toegepast",
        ),
        N(
            PO,
            "user",
            "Partner ondertekent aanvraag mee",
            "klant",
            8,
            form=[
                F("partner_ondertekend", "Aanvraag door partner ondertekend", "boolean"),
                F("datum_ondertekening", "Datum ondertekening", "date"),
            ],
        ),
        N(EGH, "end", "Gehuwdennorm toegepast", "klant", 9),
        N(EKD, "end", "Kostendelersnorm toegepast", "inkomensconsulent", 8),
        N(EAL, "end", "Norm alleenstaande (ouder) toegepast", "inkomensconsulent", 8, row=1),
    ],
    flows=[
        L(S, W),
        L(W, GA),
        L(GA, HB, "aanwijzingen", "aanwijzingen_samenwonen"),
        L(GA, MW, "geen aanwijzingen"),
        L(HB, GH),
        L(GH, EW, "geen medewerking", "not medewerking_huisbezoek"),
        L(GH, MW, "medewerking"),
        L(MW, LV),
        L(LV, GN),
        L(GN, PO, "gehuwden", 'leefvorm == "gehuwden"'),
        L(GN, EKD, "kostendelers", 'leefvorm != "gehuwden" and aantal_kostendelers > 1'),
        L(GN, EAL, "alleenstaande (ouder)"),
        L(PO, EGH),
    ],
)
