from common import F, N, L

TARGET = "6-beheer-en-rechtmatigheid/vakantietoeslag-uitbetalen.bpmn"

S = "StartEvent_opbouwperiode_afgesloten"
BE = "Task_vakantietoeslag_berekenen"
GF = "Gateway_inkomstenformulieren_compleet"
K = "Task_inkomstenformulieren_inleveren"
TK = "Timer_termijn_formulieren"
EAH = "EndEvent_vakantietoeslag_aangehouden"
MF = "Gateway_formulieren_afgehandeld"
GI = "Gateway_eigen_vakantiegeld"
IC = "Task_vakantiegeld_in_mindering_brengen"
MI = "Gateway_toeslag_vastgesteld"
VB = "Task_vakantietoeslag_betalen"
GU = "Gateway_bedrag_voor_klant"
EU = "EndEvent_vakantietoeslag_uitbetaald"
EVR = "EndEvent_vakantietoeslag_verrekend"

spec = dict(
    slug="vakantietoeslag_uitbetalen",
    process_id="vakantietoeslag_uitbetalen",
    name="Vakantietoeslag uitbetalen",
    participant="Werkbedrijf",
    fase=6,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "De maandelijks gereserveerde vakantietoeslag (5% van de norm) eenmaal per jaar "
        "juist en op tijd uitbetalen, na aftrek van vakantiegeld uit eigen inkomsten "
        "en rekening houdend met beslag en vorderingen.",
        "Aanleiding": "De opbouwperiode (juni tot en met mei) is afgesloten; de gemeente betaalt "
        "de opgebouwde vakantietoeslag in juni uit.",
        "Uitkomsten": "Vakantietoeslag uitbetaald aan de klant; vakantietoeslag (geheel) "
        "afgedragen aan een beslaglegger of verrekend met een vordering van de "
        "gemeente; vakantietoeslag aangehouden zolang inkomstenformulieren ontbreken.",
        "Wettelijke basis": "Pw art. 19 en 20-22 (bijstandsnorm inclusief vakantietoeslag); Pw "
        "art. 31-32 (vakantiegeld uit inkomsten); Pw art. 60a (verrekening "
        "met vorderingen); Rv art. 475c e.v. (beslag, beslagvrije voet); "
        "gemeentelijke beleidsregels (betaalmoment).",
    },
    lanes=["klant", ("backoffice", 2), "inkomensconsulent"],
    nodes=[
        N(
            S,
            "start",
            "Opbouwperiode vakantietoeslag afgesloten",
            "klant",
            0,
            form=[
                F("einde_opbouwperiode", "Einde opbouwperiode", "date"),
                F("maanden_bijstand", "Maanden bijstand in de opbouwperiode", "long", min=1, max=12),
            ],
        ),
        N(
            BE,
            "user",
            "Opgebouwde vakantietoeslag berekenen",
            "backoffice",
            1,
            form=[
                F("opgebouwd_bedrag", "Opgebouwde vakantietoeslag (euro)", "long", min=0, max=1500),
                F("formulieren_compleet", "Alle inkomstenformulieren ontvangen", "boolean"),
                F("inkomsten_met_vakantiegeld", "Inkomsten met eigen vakantiegeld in de periode", "boolean"),
            ],
        ),
        N(
            GF,
            "xor",
            "Inkomstenformulieren compleet?",
            "backoffice",
            2,
            default="Flow_inkomstenformulieren_compleet_naar_inkomstenformulieren_inleveren",
        ),
        N(
            K,
            "user",
            "Ontbrekende inkomstenformulieren inleveren",
            "klant",
            3,
            form=[
                F("ingeleverde_formulieren", "Ingeleverde formulieren (maanden)", maxlength=200),
            ],
        ),
        N(
            TK,
            "boundary",
            "Termijn van 4 weken verstreken",
            attached=K,
            duration="P4W",
            cancel=True,
            offset=0.75,
            side="T",
        ),
        N(EAH, "end", "Vakantietoeslag aangehouden", "klant", 5),
        N(MF, "xor", "Formulieren afgehandeld", "backoffice", 4),
        N(
            GI,
            "xor",
            "Eigen vakantiegeld ontvangen?",
            "backoffice",
            5,
            default="Flow_eigen_vakantiegeld_naar_toeslag_vastgesteld",
        ),
        N(
            IC,
            "user",
            "Vakantiegeld uit inkomsten in mindering brengen",
            "inkomensconsulent",
            6,
            form=[
                F(
                    "ontvangen_vakantiegeld",
                    "Ontvangen vakantiegeld uit inkomsten (euro)",
                    "long",
                    min=0,
                    max=1500,
                ),
                F("resterende_toeslag", "Resterende vakantietoeslag (euro)", "long", min=0, max=1500),
            ],
        ),
        N(MI, "xor", "Vakantietoeslag vastgesteld", "backoffice", 7),
        N(
            VB,
            "user",
            "Vakantietoeslag vaststellen en betalen",
            "backoffice",
            8,
            form=[
                F(
                    "naar_beslag_of_vordering",
                    "Afgedragen aan beslaglegger of verrekend (euro)",
                    "long",
                    min=0,
                    max=1500,
                ),
                F("uit_te_betalen", "Aan klant uit te betalen (euro)", "long", min=0, max=1500),
                F("betaaldatum", "Betaaldatum", "date"),
            ],
        ),
        N(
            GU,
            "xor",
            "Bedrag voor klant?",
            "backoffice",
            9,
            default="Flow_bedrag_voor_klant_naar_vakantietoeslag_verrekend",
        ),
        N(EU, "end", "Vakantietoeslag uitbetaald", "backoffice", 10),
        N(EVR, "end", "Vakantietoeslag afgedragen of verrekend", "backoffice", 10, row=1),
    ],
    flows=[
        L(S, BE),
        L(BE, GF),
        L(GF, MF, "compleet", "formulieren_compleet == True"),
        L(GF, K, "formulieren ontbreken"),
        L(K, MF),
        L(TK, EAH),
        L(MF, GI),
        L(GI, IC, "eigen vakantiegeld", "inkomsten_met_vakantiegeld == True"),
        L(GI, MI, "geen eigen vakantiegeld"),
        L(IC, MI),
        L(MI, VB),
        L(VB, GU),
        L(GU, EU, "uitbetalen", "uit_te_betalen > 0"),
        L(GU, EVR, "niets uit te betalen"),
    ],
)
