from common import F, N, L

TARGET = "1-aanvraag-en-recht/aanvraag-levensonderhoud-behandelen.bpmn"

S = "StartEvent_aanvraag_ingediend"
M = "Gateway_aanvraag_ontvangen"
V = "Task_volledigheid_beoordelen"
GV = "Gateway_aanvraag_volledig"
K = "Task_gegevens_aanleveren"
TH = "Timer_hersteltermijn"
BB = "Task_buiten_behandeling_stellen"
EBB = "EndEvent_buiten_behandeling"
O = "Task_rechtmatigheidsonderzoek"
TB = "Timer_beslistermijn"
TO = "Task_termijnoverschrijding_afhandelen"
ETO = "EndEvent_klant_geinformeerd_vertraging"
B = "Task_besluit_nemen"
GB = "Gateway_besluit"
BT = "Task_toekenningsbeschikking"
ET = "EndEvent_bijstand_toegekend"
BA = "Task_afwijzingsbeschikking"
EA = "EndEvent_aanvraag_afgewezen"

spec = dict(
    slug="aanvraag_levensonderhoud_behandelen",
    process_id="aanvraag_levensonderhoud_behandelen",
    name="Aanvraag levensonderhoud behandelen",
    participant="Werkbedrijf",
    fase=1,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Binnen de wettelijke beslistermijn vaststellen of de klant recht heeft op "
        "algemene bijstand voor levensonderhoud en daarover een beschikking afgeven.",
        "Aanleiding": "De klant heeft een aanvraag levensonderhoud (bijstand) ingediend.",
        "Uitkomsten": "Bijstand toegekend; aanvraag afgewezen; aanvraag buiten behandeling "
        "gesteld na een ongebruikte hersteltermijn. Wordt de beslistermijn van "
        "8 weken overschreden, dan handelt de klantmanager dat af (klant "
        "informeren, zo nodig voorschot) terwijl het onderzoek doorloopt.",
        "Wettelijke basis": "Pw art. 11, 13, 31-34 en 43; Pw art. 52 (voorschot); "
        "Awb 4:2 en 4:5 (aanvullen en buiten behandeling stellen); "
        "Awb 4:13 en 4:15 (beslistermijn, opschorting).",
    },
    lanes=["klant", ("klantmanager", 2), ("inkomensconsulent", 2)],
    nodes=[
        N(
            S,
            "start",
            "Aanvraag ingediend",
            "klant",
            0,
            form=[
                F("datum_aanvraag", "Datum aanvraag", "date"),
                F(
                    "leefvorm",
                    "Opgegeven leefvorm",
                    "enum",
                    values=[
                        ("alleenstaand", "Alleenstaand"),
                        ("alleenstaande_ouder", "Alleenstaande ouder"),
                        ("gehuwd_samenwonend", "Gehuwd of samenwonend"),
                    ],
                ),
            ],
        ),
        N(M, "xor", "Aanvraag ontvangen", "inkomensconsulent", 1),
        N(
            V,
            "user",
            "Volledigheid aanvraag beoordelen",
            "inkomensconsulent",
            2,
            form=[
                F("aanvraag_volledig", "Aanvraag volledig", "boolean"),
                F("ontbrekende_gegevens", "Ontbrekende gegevens", required=False, maxlength=1000),
                F("hersteltermijn_tot", "Hersteltermijn tot", "date", required=False),
            ],
        ),
        N(
            GV,
            "xor",
            "Aanvraag volledig?",
            "inkomensconsulent",
            3,
            default="Flow_aanvraag_volledig_naar_gegevens_aanleveren",
        ),
        N(
            K,
            "user",
            "Ontbrekende gegevens aanleveren",
            "klant",
            4,
            form=[
                F("aangeleverde_stukken", "Aangeleverde stukken", maxlength=1000),
                F("toelichting_klant", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(TH, "boundary", "Hersteltermijn verstreken", attached=K, duration="P2W", cancel=True, offset=0.5),
        N(
            BB,
            "user",
            "Aanvraag buiten behandeling stellen",
            "inkomensconsulent",
            4,
            row=1,
            form=[
                F("datum_besluit_buiten_behandeling", "Datum besluit", "date"),
                F("motivering_buiten_behandeling", "Motivering", maxlength=2000),
            ],
        ),
        N(EBB, "end", "Aanvraag buiten behandeling gesteld", "inkomensconsulent", 5, row=1),
        N(
            O,
            "user",
            "Rechtmatigheidsonderzoek uitvoeren",
            "inkomensconsulent",
            5,
            form=[
                F("uitsluitingsgrond_aanwezig", "Uitsluitingsgrond aanwezig", "boolean"),
                F("middelen_boven_norm", "Middelen boven bijstandsnorm", "boolean"),
                F("advies", "Advies", "enum", values=[("toekennen", "Toekennen"), ("afwijzen", "Afwijzen")]),
                F("toelichting_advies", "Toelichting advies", required=False, maxlength=2000),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 8 weken verstreken",
            attached=O,
            duration="P8W",
            cancel=False,
            offset=0.75,
            side="T",
        ),
        N(
            TO,
            "user",
            "Termijnoverschrijding afhandelen",
            "klantmanager",
            6,
            form=[
                F("klant_geinformeerd", "Klant geïnformeerd over vertraging", "boolean"),
                F("voorschot_verstrekt", "Voorschot verstrekt", "boolean"),
                F("nieuwe_beslisdatum", "Nieuwe beslisdatum", "date"),
            ],
        ),
        N(ETO, "end", "Klant geïnformeerd over vertraging", "klantmanager", 7),
        N(
            B,
            "user",
            "Besluit op aanvraag nemen",
            "klantmanager",
            6,
            row=1,
            form=[
                F(
                    "besluit",
                    "Besluit",
                    "enum",
                    values=[("toekennen", "Toekennen"), ("afwijzen", "Afwijzen")],
                ),
                F("motivering_besluit", "Motivering besluit", maxlength=2000),
            ],
        ),
        N(GB, "xor", "Besluit?", "klantmanager", 7, row=1, default="Flow_besluit_naar_afwijzingsbeschikking"),
        N(
            BT,
            "user",
            "Toekenningsbeschikking opstellen en verzenden",
            "inkomensconsulent",
            8,
            form=[
                F("ingangsdatum_bijstand", "Ingangsdatum bijstand", "date"),
                F(
                    "bijstandsnorm",
                    "Toegepaste norm",
                    "enum",
                    values=[
                        ("alleenstaande", "Alleenstaande"),
                        ("alleenstaande_ouder", "Alleenstaande ouder"),
                        ("gehuwden", "Gehuwden"),
                        ("kostendelersnorm", "Kostendelersnorm"),
                    ],
                ),
                F("datum_verzending_beschikking", "Datum verzending beschikking", "date"),
            ],
        ),
        N(ET, "end", "Bijstand toegekend", "inkomensconsulent", 9),
        N(
            BA,
            "user",
            "Afwijzingsbeschikking opstellen en verzenden",
            "inkomensconsulent",
            8,
            row=1,
            form=[
                F(
                    "afwijzingsgrond",
                    "Afwijzingsgrond",
                    "enum",
                    values=[
                        ("middelen_boven_norm", "Middelen boven de norm"),
                        ("uitsluitingsgrond", "Uitsluitingsgrond"),
                        ("geen_rechthebbende", "Geen rechthebbende"),
                        ("onvoldoende_inlichtingen", "Onvoldoende inlichtingen"),
                    ],
                ),
                F("datum_verzending_beschikking", "Datum verzending beschikking", "date"),
            ],
        ),
        N(EA, "end", "Aanvraag afgewezen", "inkomensconsulent", 9, row=1),
    ],
    flows=[
        L(S, M),
        L(M, V),
        L(V, GV),
        L(GV, O, "volledig", "aanvraag_volledig == True"),
        L(GV, K, "onvolledig"),
        L(K, M),
        L(TH, BB),
        L(BB, EBB),
        L(TB, TO),
        L(TO, ETO),
        L(O, B),
        L(B, GB),
        L(GB, BT, "toekennen", 'besluit == "toekennen"'),
        L(GB, BA, "afwijzen"),
        L(BT, ET),
        L(BA, EA),
    ],
)
