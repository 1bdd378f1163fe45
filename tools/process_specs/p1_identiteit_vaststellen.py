from common import F, N, L

TARGET = "1-aanvraag-en-recht/identiteit-vaststellen.bpmn"

S = "StartEvent_klant_meldt_zich_aan_balie"
M = "Gateway_identiteit_controleren"
C = "Task_identiteitsdocument_controleren"
GC = "Gateway_uitkomst_controle"
EV = "EndEvent_identiteit_vastgesteld"
K = "Task_geldig_identiteitsbewijs_overleggen"
TH = "Timer_hersteltermijn_identiteit"
BB = "Task_aanvraag_buiten_behandeling_stellen"
EBB = "EndEvent_aanvraag_buiten_behandeling"
H = "Task_echtheid_document_onderzoeken"
GH = "Gateway_document_echt"
EVH = "EndEvent_identiteit_vastgesteld_na_onderzoek"
EF = "EndEvent_identiteitsfraude_gemeld"

spec = dict(
    slug="identiteit_vaststellen",
    process_id="identiteit_vaststellen",
    name="Identiteit vaststellen",
    participant="Werkbedrijf",
    fase=1,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "De identiteit van de aanvrager (en diens partner) vaststellen aan de hand van een "
        "geldig, echt identiteitsbewijs, zodat het recht op bijstand aan de juiste persoon "
        "wordt verbonden en identiteitsfraude aan de poort wordt tegengehouden.",
        "Aanleiding": "De klant meldt zich aan de balie om bijstand aan te vragen en toont een "
        "identiteitsbewijs (of heeft er geen).",
        "Uitkomsten": "Identiteit vastgesteld (direct of na documentonderzoek door de handhaver); "
        "aanvraag buiten behandeling gesteld omdat de klant binnen de hersteltermijn "
        "geen geldig identiteitsbewijs overlegt; vals of vervalst document vastgesteld "
        "en gemeld, de aanvraag kan niet worden toegekend.",
        "Wettelijke basis": "Pw art. 17 lid 3 en 4 (identiteit vaststellen, plicht tot legitimeren); "
        "Wet op de identificatieplicht art. 1 lid 1 onder 1° t/m 3° (paspoort, "
        "identiteitskaart, vreemdelingendocument; een rijbewijs of DigiD volstaat niet); "
        "Awb 4:5 (buiten behandeling stellen na hersteltermijn).",
    },
    lanes=[("klant", 1), ("inkomensconsulent", 2), ("handhaver", 2)],
    nodes=[
        N(
            S,
            "start",
            "Klant meldt zich aan de balie",
            "klant",
            0,
            form=[
                F("datum_melding", "Datum melding", "date"),
                F(
                    "soort_document",
                    "Getoond identiteitsbewijs",
                    "enum",
                    values=[
                        ("paspoort", "Paspoort"),
                        ("identiteitskaart", "Identiteitskaart"),
                        ("vreemdelingendocument", "Vreemdelingendocument"),
                        ("geen_geldig_document", "Geen geldig document"),
                    ],
                ),
            ],
        ),
        N(M, "xor", "Identiteit (opnieuw) controleren", "inkomensconsulent", 1),
        N(
            C,
            "user",
            "Identiteitsdocument controleren",
            "inkomensconsulent",
            2,
            form=[
                F("document_geldig", "Document geldig (soort en geldigheidsduur)", "boolean"),
                F("persoon_komt_overeen", "Persoon en BRP-gegevens komen overeen", "boolean"),
                F("twijfel_echtheid", "Twijfel aan echtheid document", "boolean"),
                F("documentnummer", "Documentnummer", required=False, maxlength=20),
            ],
        ),
        N(
            GC,
            "xor",
            "Uitkomst controle?",
            "inkomensconsulent",
            3,
            default="Flow_uitkomst_controle_naar_geldig_identiteitsbewijs_overleggen",
        ),
        N(EV, "end", "Identiteit vastgesteld", "inkomensconsulent", 4),
        N(
            K,
            "user",
            "Geldig identiteitsbewijs overleggen",
            "klant",
            4,
            form=[
                F(
                    "overgelegd_document",
                    "Overgelegd document",
                    "enum",
                    values=[
                        ("paspoort", "Paspoort"),
                        ("identiteitskaart", "Identiteitskaart"),
                        ("vreemdelingendocument", "Vreemdelingendocument"),
                    ],
                ),
                F("toelichting_klant", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            TH,
            "boundary",
            "Hersteltermijn van 1 week verstreken",
            attached=K,
            duration="P1W",
            cancel=True,
            offset=0.8,
        ),
        N(
            BB,
            "user",
            "Aanvraag buiten behandeling stellen",
            "inkomensconsulent",
            5,
            row=1,
            form=[
                F("datum_besluit_buiten_behandeling", "Datum besluit", "date"),
                F("motivering_buiten_behandeling", "Motivering", maxlength=2000),
            ],
        ),
        N(EBB, "end", "Aanvraag buiten behandeling gesteld", "inkomensconsulent", 6, row=1),
        N(
            H,
            "user",
            "Echtheid document onderzoeken",
            "handhaver",
            4,
            form=[
                F("document_echt", "Document echt en van de klant", "boolean"),
                F(
                    "bevindingen_documentonderzoek",
                    "Bevindingen (ID-scanner, VIS, documentdeskundige)",
                    maxlength=2000,
                ),
            ],
        ),
        N(
            GH,
            "xor",
            "Document echt?",
            "handhaver",
            5,
            default="Flow_document_echt_naar_identiteitsfraude_gemeld",
        ),
        N(EVH, "end", "Identiteit vastgesteld na documentonderzoek", "handhaver", 6),
        N(EF, "end", "Vals document vastgesteld en gemeld", "handhaver", 6, row=1),
    ],
    flows=[
        L(S, M),
        L(M, C),
        L(C, GC),
        L(GC, H, "twijfel aan echtheid", "twijfel_echtheid"),
        L(GC, EV, "geldig", "not twijfel_echtheid and document_geldig and persoon_komt_overeen"),
        L(GC, K, "geen geldig document"),
        L(K, M),
        L(TH, BB),
        L(BB, EBB),
        L(H, GH),
        L(GH, EVH, "echt", "document_echt"),
        L(GH, EF, "vals of vervalst"),
    ],
)
