from common import F, N, L

TARGET = "6-beheer-en-rechtmatigheid/inkomsten-verrekenen.bpmn"

S = "StartEvent_inkomstenformulier_ingediend"
M = "Gateway_inkomsten_in_behandeling"
C = "Task_inkomsten_controleren"
GA = "Gateway_inkomsten_aangetoond"
K = "Task_loonstrook_aanleveren"
TK = "Timer_termijn_loonstrook"
EAH = "EndEvent_betaling_aangehouden"
GN = "Gateway_inkomsten_boven_norm"
V = "Task_verrekenen_en_uitbetalen"
EV = "EndEvent_bijstand_verrekend_uitbetaald"
KM = "Task_duurzaamheid_inkomsten_beoordelen"
GD = "Gateway_vervolg_inkomsten_boven_norm"
ENI = "EndEvent_geen_bijstand_deze_maand"
EBE = "EndEvent_doorgezet_naar_beeindiging"

spec = dict(
    slug="inkomsten_verrekenen",
    process_id="inkomsten_verrekenen",
    name="Inkomsten verrekenen",
    participant="Werkbedrijf",
    fase=6,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "De inkomsten die de klant maandelijks opgeeft juist en op tijd met de bijstand "
        "verrekenen, met toepassing van de vrijlatingen, zodat de klant de juiste "
        "aanvulling krijgt en werken loont.",
        "Aanleiding": "De klant heeft het maandelijkse inkomstenformulier ingediend, met of "
        "zonder loonstrook of specificatie.",
        "Uitkomsten": "Bijstand verrekend en uitbetaald; geen bijstand over de maand omdat de "
        "inkomsten boven de norm liggen; doorgezet naar beëindiging wanneer de "
        "inkomsten duurzaam boven de norm blijven; betaling aangehouden als de "
        "loonstrook niet binnen de termijn komt.",
        "Wettelijke basis": "Pw art. 31 (middelen; lid 2 onder n en r: inkomstenvrijlating en "
        "vrijlating alleenstaande ouder); Pw art. 32 (inkomsten); Pw art. 17 "
        "(inlichtingenplicht); Pw art. 45 (betaling per maand); Pw art. 54 "
        "(opschorting bij verzuim).",
    },
    lanes=["klant", "inkomensconsulent", "backoffice", ("klantmanager", 2)],
    nodes=[
        N(
            S,
            "start",
            "Inkomstenformulier ingediend",
            "klant",
            0,
            form=[
                F("maand_inkomsten", "Maand van de inkomsten (eerste dag)", "date"),
                F("netto_inkomsten", "Opgegeven netto inkomsten (euro)", "long", min=0, max=10000),
                F(
                    "soort_inkomsten",
                    "Soort inkomsten",
                    "enum",
                    values=[
                        ("loon", "Loon uit dienstbetrekking"),
                        ("uitkering", "Andere uitkering"),
                        ("alimentatie", "Alimentatie"),
                        ("overig", "Overig"),
                    ],
                ),
                F("loonstrook_bijgevoegd", "Loonstrook of specificatie bijgevoegd", "boolean"),
            ],
        ),
        N(M, "xor", "Inkomsten in behandeling", "inkomensconsulent", 1),
        N(
            C,
            "user",
            "Inkomsten controleren en vrijlating bepalen",
            "inkomensconsulent",
            2,
            form=[
                F("inkomsten_aangetoond", "Inkomsten aangetoond", "boolean"),
                F(
                    "vrijlating",
                    "Toe te passen vrijlating",
                    "enum",
                    values=[
                        ("geen", "Geen vrijlating"),
                        ("inkomstenvrijlating", "Inkomstenvrijlating (25%, max 6 maanden)"),
                        ("alleenstaande_ouder", "Vrijlating alleenstaande ouder"),
                        ("medisch_urenbeperkt", "Vrijlating medisch urenbeperkt"),
                    ],
                ),
                F("te_verrekenen_bedrag", "Te verrekenen bedrag (euro)", "long", min=0, max=10000),
                F("inkomsten_boven_norm", "Inkomsten boven de bijstandsnorm", "boolean"),
            ],
        ),
        N(
            GA,
            "xor",
            "Inkomsten aangetoond?",
            "inkomensconsulent",
            3,
            default="Flow_inkomsten_aangetoond_naar_loonstrook_aanleveren",
        ),
        N(
            K,
            "user",
            "Loonstrook of specificatie aanleveren",
            "klant",
            4,
            form=[
                F("aangeleverd_document", "Aangeleverd document", maxlength=500),
                F("toelichting_klant", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            TK,
            "boundary",
            "Termijn van 2 weken verstreken",
            attached=K,
            duration="P2W",
            cancel=True,
            offset=0.75,
            side="T",
        ),
        N(EAH, "end", "Betaling aangehouden wegens ontbrekende gegevens", "klant", 5),
        N(
            GN,
            "xor",
            "Inkomsten boven de norm?",
            "inkomensconsulent",
            4,
            default="Flow_inkomsten_boven_norm_naar_verrekenen_en_uitbetalen",
        ),
        N(
            V,
            "user",
            "Inkomsten verrekenen en bijstand uitbetalen",
            "backoffice",
            5,
            form=[
                F("uitbetaald_bedrag", "Uitbetaalde bijstand (euro)", "long", min=0, max=5000),
                F("betaaldatum", "Betaaldatum", "date"),
            ],
        ),
        N(EV, "end", "Bijstand verrekend en uitbetaald", "backoffice", 6),
        N(
            KM,
            "user",
            "Duurzaamheid van de inkomsten beoordelen",
            "klantmanager",
            5,
            form=[
                F(
                    "vervolg_inkomsten",
                    "Vervolg",
                    "enum",
                    values=[
                        ("nihil_deze_maand", "Alleen deze maand geen bijstand"),
                        ("beeindigen", "Inkomsten duurzaam: uitkering beëindigen"),
                    ],
                ),
                F("toelichting_vervolg", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            GD,
            "xor",
            "Inkomsten duurzaam?",
            "klantmanager",
            6,
            default="Flow_vervolg_inkomsten_boven_norm_naar_geen_bijstand_deze_maand",
        ),
        N(ENI, "end", "Geen bijstand over deze maand", "klantmanager", 7),
        N(EBE, "end", "Doorgezet naar beëindiging (uitstroom naar werk)", "klantmanager", 7, row=1),
    ],
    flows=[
        L(S, M),
        L(M, C),
        L(C, GA),
        L(GA, GN, "aangetoond", "inkomsten_aangetoond == True"),
        L(GA, K, "niet aangetoond"),
        L(K, M),
        L(TK, EAH),
        L(GN, KM, "boven de norm", "inkomsten_boven_norm == True"),
        L(GN, V, "onder de norm"),
        L(V, EV),
        L(KM, GD),
        L(GD, EBE, "duurzaam", 'vervolg_inkomsten == "beeindigen"'),
        L(GD, ENI, "eenmalig"),
    ],
)
