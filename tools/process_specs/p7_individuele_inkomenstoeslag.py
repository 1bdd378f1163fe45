from common import F, N, L

TARGET = "7-aanvullende-voorzieningen/individuele-inkomenstoeslag.bpmn"

S = "StartEvent_aanvraag_inkomenstoeslag_ingediend"
PS = "Gateway_toetsen_starten"
IV = "Task_inkomen_en_vermogen_referteperiode_toetsen"
UI = "Task_uitzicht_op_inkomensverbetering_beoordelen"
TB = "Boundary_beslistermijn_inkomenstoeslag"
TO = "Task_beoordeling_overnemen_inkomenstoeslag"
MU = "Gateway_beoordeling_uitzicht_gereed"
PJ = "Gateway_toetsen_gereed"
GV = "Gateway_voldoet_aan_voorwaarden"
TK = "Task_toekenningsbeschikking_inkomenstoeslag"
UB = "Task_inkomenstoeslag_uitbetalen"
ET = "EndEvent_inkomenstoeslag_toegekend"
AW = "Task_afwijzingsbeschikking_inkomenstoeslag"
EA = "EndEvent_inkomenstoeslag_afgewezen"

spec = dict(
    slug="individuele_inkomenstoeslag",
    process_id="individuele_inkomenstoeslag",
    name="Individuele inkomenstoeslag",
    participant="Sociale dienst",
    fase=7,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Vaststellen of de klant die langdurig van een laag inkomen leeft en geen "
        "uitzicht heeft op inkomensverbetering een individuele inkomenstoeslag krijgt, en "
        "die binnen de beslistermijn toekennen en betalen.",
        "Aanleiding": "De klant (21 jaar tot de AOW-leeftijd) vraagt de individuele inkomenstoeslag aan.",
        "Uitkomsten": "Inkomenstoeslag toegekend en betaald; aanvraag afgewezen (inkomen of "
        "vermogen over de referteperiode te hoog, toeslag in de afgelopen 12 maanden "
        "al ontvangen, of wel uitzicht op inkomensverbetering). Inkomensconsulent en "
        "werkcoach toetsen tegelijk; het besluit volgt uit hun bevindingen. Dreigt de "
        "beslistermijn van 8 weken te verlopen terwijl het oordeel van de werkcoach "
        "uitblijft, dan neemt de klantmanager die beoordeling over en informeert de klant.",
        "Wettelijke basis": "Pw art. 36 (individuele inkomenstoeslag: 21 jaar tot "
        "pensioengerechtigde leeftijd, langdurig laag inkomen, geen uitzicht op "
        "inkomensverbetering, krachten en bekwaamheden en inspanningen); Pw art. "
        "8 lid 1 onder b (verordening individuele inkomenstoeslag); Awb 4:13 "
        "(beslistermijn 8 weken).",
    },
    lanes=["klant", ("inkomensconsulent", 2), "werkcoach", "klantmanager", "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Aanvraag individuele inkomenstoeslag ingediend",
            "klant",
            0,
            form=[
                F("datum_aanvraag", "Datum aanvraag", "date"),
                F("leeftijd", "Leeftijd (18 tot AOW-leeftijd)", "long", min=18, max=66),
            ],
        ),
        N(PS, "and", "Tegelijk toetsen", "inkomensconsulent", 1),
        N(
            IV,
            "user",
            "Inkomen en vermogen over referteperiode toetsen",
            "inkomensconsulent",
            2,
            form=[
                F(
                    "inkomen_en_vermogen_binnen_grenzen",
                    "Langdurig laag inkomen, vermogen binnen grens, geen toeslag in afgelopen 12 maanden",
                    "boolean",
                ),
                F("referteperiode_maanden", "Getoetste referteperiode (maanden)", "long", min=12, max=60),
            ],
        ),
        N(
            UI,
            "user",
            "Uitzicht op inkomensverbetering beoordelen",
            "werkcoach",
            2,
            form=[
                F("uitzicht_op_inkomensverbetering", "Uitzicht op inkomensverbetering", "boolean"),
                F(
                    "onderbouwing_uitzicht",
                    "Onderbouwing (krachten, bekwaamheden, inspanningen)",
                    maxlength=2000,
                ),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 8 weken verstreken",
            attached=UI,
            duration="P8W",
            cancel=True,
            offset=0.75,
        ),
        N(
            TO,
            "user",
            "Beoordeling overnemen en klant informeren",
            "klantmanager",
            3,
            form=[
                F("uitzicht_op_inkomensverbetering", "Uitzicht op inkomensverbetering", "boolean"),
                F("klant_geinformeerd", "Klant geïnformeerd over vertraging", "boolean"),
            ],
        ),
        N(MU, "xor", "Beoordeling uitzicht gereed", "werkcoach", 3),
        N(PJ, "and", "Toetsen gereed", "inkomensconsulent", 4),
        N(
            GV,
            "xor",
            "Voldoet aan voorwaarden?",
            "inkomensconsulent",
            5,
            default="Flow_voldoet_aan_voorwaarden_naar_afwijzingsbeschikking_inkomenstoeslag",
        ),
        N(
            TK,
            "user",
            "Toekenningsbeschikking opstellen",
            "inkomensconsulent",
            6,
            row=1,
            form=[
                F("bedrag_inkomenstoeslag", "Bedrag inkomenstoeslag (euro)", "long", min=1, max=2000),
                F("datum_beschikking", "Datum beschikking", "date"),
            ],
        ),
        N(
            UB,
            "user",
            "Inkomenstoeslag uitbetalen",
            "backoffice",
            7,
            form=[
                F("betaaldatum", "Betaaldatum", "date"),
            ],
        ),
        N(ET, "end", "Individuele inkomenstoeslag toegekend", "backoffice", 8),
        N(
            AW,
            "user",
            "Afwijzingsbeschikking opstellen",
            "inkomensconsulent",
            6,
            form=[
                F(
                    "afwijzingsgrond",
                    "Afwijzingsgrond",
                    "enum",
                    values=[
                        ("leeftijd", "Jonger dan 21 jaar"),
                        ("inkomen_of_vermogen", "Inkomen of vermogen over referteperiode te hoog"),
                        ("toeslag_binnen_12_maanden", "Toeslag in afgelopen 12 maanden ontvangen"),
                        ("uitzicht_op_inkomensverbetering", "Uitzicht op inkomensverbetering"),
                    ],
                ),
                F("datum_beschikking", "Datum beschikking", "date"),
            ],
        ),
        N(EA, "end", "Individuele inkomenstoeslag afgewezen", "inkomensconsulent", 7),
    ],
    flows=[
        L(S, PS),
        L(PS, IV),
        L(PS, UI),
        L(TB, TO),
        L(UI, MU),
        L(TO, MU),
        L(MU, PJ),
        L(IV, PJ),
        L(PJ, GV),
        L(
            GV,
            TK,
            "voldoet",
            "leeftijd >= 21 and inkomen_en_vermogen_binnen_grenzen and not uitzicht_op_inkomensverbetering",
        ),
        L(GV, AW, "voldoet niet"),
        L(TK, UB),
        L(UB, ET),
        L(AW, EA),
    ],
)
