from common import F, N, L

TARGET = "1-aanvraag-en-recht/vermogenstoets.bpmn"

S = "StartEvent_vermogen_opgegeven"
C = "Task_vermogensopgave_controleren"
GA = "Gateway_aanwijzing_verzwegen_vermogen"
VO = "Task_vermogensonderzoek_uitvoeren"
TB = "Timer_beslistermijn"
TO = "Task_termijnoverschrijding_afhandelen"
ETO = "EndEvent_klant_geinformeerd_vertraging"
MV = "Gateway_vermogensgegevens_compleet"
VS = "Task_vermogen_vaststellen"
GV = "Gateway_uitkomst_vermogen"
EB = "EndEvent_vermogen_binnen_grens"
EA = "EndEvent_afgewezen_op_vermogen"
EL = "EndEvent_bijstand_als_geldlening"

spec = dict(
    slug="vermogenstoets",
    process_id="vermogenstoets",
    name="Vermogenstoets",
    participant="Werkbedrijf",
    fase=1,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Het vermogen van de klant (en partner) op de peildatum vaststellen en toetsen aan de "
        "vermogensgrens, zodat bijstand alleen wordt verleend als het vrij te laten vermogen "
        "niet wordt overschreden, of in de vorm van een geldlening als het vermogen vastzit "
        "in de eigen woning of niet direct beschikbaar is.",
        "Aanleiding": "De klant heeft bij de aanvraag zijn bezittingen en schulden opgegeven "
        "(bankrekeningen, spaargeld, auto, eigen woning).",
        "Uitkomsten": "Vermogen binnen de vrijlatingsgrens; aanvraag afgewezen omdat het vermogen "
        "boven de grens ligt of niet is vast te stellen; bijstand als geldlening "
        "(vermogen in de eigen woning boven de grens, of vermogen niet direct "
        "beschikbaar). Bij aanwijzingen voor verzwegen (buitenlands) vermogen doet de "
        "handhaver onderzoek; verloopt intussen de beslistermijn, dan informeert de "
        "klantmanager de klant.",
        "Wettelijke basis": "Pw art. 31 lid 1 en 34 (middelen, vermogen, vrij te laten vermogen, "
        "vermogen in de eigen woning); art. 48 lid 2 en 50 (bijstand als "
        "geldlening); art. 17 (inlichtingenplicht) en 53a (onderzoek); "
        "Awb 4:13 (beslistermijn).",
    },
    lanes=["klant", ("inkomensconsulent", 3), "handhaver", "klantmanager"],
    nodes=[
        N(
            S,
            "start",
            "Vermogen opgegeven bij aanvraag",
            "klant",
            0,
            form=[
                F("eigen_woning", "Eigen woning", "boolean"),
                F("opgegeven_vermogen", "Opgegeven vermogen (euro)", "long", min=0, max=10000000),
            ],
        ),
        N(
            C,
            "user",
            "Vermogensopgave controleren",
            "inkomensconsulent",
            1,
            row=1,
            form=[
                F("bankafschriften_compleet", "Bankafschriften over 3 maanden compleet", "boolean"),
                F(
                    "aanwijzing_verzwegen_vermogen",
                    "Aanwijzing voor verzwegen vermogen (ook buitenland)",
                    "boolean",
                ),
                F("toelichting_controle", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            GA,
            "xor",
            "Aanwijzing verzwegen vermogen?",
            "inkomensconsulent",
            2,
            row=1,
            default="Flow_aanwijzing_verzwegen_vermogen_naar_vermogensgegevens_compleet",
        ),
        N(
            VO,
            "user",
            "Vermogensonderzoek uitvoeren",
            "handhaver",
            3,
            form=[
                F("verzwegen_vermogen_aangetroffen", "Verzwegen vermogen aangetroffen", "boolean"),
                F(
                    "bron_onderzoek",
                    "Bron",
                    "enum",
                    values=[
                        ("banken", "Banken en Belastingdienst"),
                        ("kadaster_rdw", "Kadaster en RDW"),
                        ("buitenland", "Onderzoek in het buitenland"),
                    ],
                ),
                F("rapport_vermogensonderzoek", "Rapport", maxlength=4000),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 8 weken verstreken",
            attached=VO,
            duration="P8W",
            cancel=False,
            offset=0.75,
        ),
        N(
            TO,
            "user",
            "Termijnoverschrijding afhandelen",
            "klantmanager",
            4,
            form=[
                F("klant_geinformeerd", "Klant geïnformeerd over vertraging", "boolean"),
                F("voorschot_verstrekt", "Voorschot verstrekt", "boolean"),
            ],
        ),
        N(ETO, "end", "Klant geïnformeerd over vertraging", "klantmanager", 5),
        N(MV, "xor", "Vermogensgegevens compleet", "inkomensconsulent", 4, row=1),
        N(
            VS,
            "user",
            "Vermogen vaststellen en toetsen aan de grens",
            "inkomensconsulent",
            5,
            row=1,
            form=[
                F(
                    "vastgesteld_vermogen",
                    "Vastgesteld vermogen op peildatum (euro)",
                    "long",
                    min=0,
                    max=10000000,
                ),
                F(
                    "uitkomst_vermogen",
                    "Uitkomst",
                    "enum",
                    values=[
                        ("binnen_grens", "Binnen de vrijlatingsgrens"),
                        ("boven_grens", "Boven de vrijlatingsgrens"),
                        ("woning_boven_grens", "Vermogen in eigen woning boven de grens"),
                        ("niet_direct_beschikbaar", "Vermogen niet direct beschikbaar"),
                        ("niet_vast_te_stellen", "Vermogen niet vast te stellen"),
                    ],
                ),
                F("motivering_vermogen", "Motivering", maxlength=2000),
            ],
        ),
        N(
            GV,
            "xor",
            "Uitkomst vermogenstoets?",
            "inkomensconsulent",
            6,
            row=1,
            default="Flow_uitkomst_vermogen_naar_vermogen_binnen_grens",
        ),
        N(EB, "end", "Vermogen binnen de vrijlatingsgrens", "inkomensconsulent", 7, row=1),
        N(EA, "end", "Aanvraag afgewezen op vermogen", "inkomensconsulent", 7, row=2),
        N(EL, "end", "Bijstand als geldlening", "inkomensconsulent", 7),
    ],
    flows=[
        L(S, C),
        L(C, GA),
        L(GA, VO, "aanwijzing", "aanwijzing_verzwegen_vermogen"),
        L(GA, MV, "geen aanwijzing"),
        L(VO, MV),
        L(TB, TO),
        L(TO, ETO),
        L(MV, VS),
        L(VS, GV),
        L(
            GV,
            EA,
            "boven grens of niet vast te stellen",
            'uitkomst_vermogen in ["boven_grens", "niet_vast_te_stellen"]',
        ),
        L(GV, EL, "geldlening", 'uitkomst_vermogen in ["woning_boven_grens", "niet_direct_beschikbaar"]'),
        L(GV, EB, "binnen grens"),
    ],
)
