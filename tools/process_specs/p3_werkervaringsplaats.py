from common import F, N, L

TARGET = "3-re-integratie-en-ontwikkeling/werkervaringsplaats.bpmn"

S = "StartEvent_werkervaringsplaats_geindiceerd"
AM = "Task_werkervaringsplek_zoeken"
GV = "Gateway_plek_gevonden"
EG = "EndEvent_geen_plek_gevonden"
WG = "Task_leerwerkafspraken_vastleggen"
PS = "Gateway_werkervaringsperiode_starten"
T6 = "Timer_werkervaringsperiode_verstreken"
JB = "Task_begeleiding_op_werkplek"
PJ = "Gateway_periode_en_begeleiding_afgerond"
WB = "Task_eindbeoordeling_en_referentie"
VB = "Task_vervolg_bepalen"
GVB = "Gateway_matchbaar"
EM = "EndEvent_klaar_voor_bemiddeling"
EP = "EndEvent_plan_bijgesteld"

spec = dict(
    slug="werkervaringsplaats",
    process_id="werkervaringsplaats",
    name="Werkervaringsplaats",
    participant="Werkbedrijf",
    fase=3,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "De klant met behoud van uitkering een half jaar werkervaring laten opdoen bij een "
        "werkgever, met leerdoelen, begeleiding op de werkplek door een jobcoach en een "
        "eindbeoordeling met referentie, zodat hij matchbaar wordt voor betaald werk.",
        "Aanleiding": "Het plan van aanpak noemt een werkervaringsplaats: de klant mist recente "
        "werkervaring of werknemersvaardigheden in de beoogde sector.",
        "Uitkomsten": "Klant klaar voor bemiddeling naar werk (matchbaar, overdracht aan "
        "werkgeversdienstverlening); plan van aanpak bijgesteld als de klant nog niet "
        "matchbaar is; geen werkervaringsplek gevonden, terug naar de werkcoach.",
        "Wettelijke basis": "Pw art. 7 lid 1 onder a en art. 10 (voorzieningen gericht op "
        "arbeidsinschakeling); Pw art. 8a (re-integratieverordening); duur van "
        "6 maanden en leerwerkafspraken: gemeentelijke beleidsregels (werken met "
        "behoud van uitkering telt mee voor de maximale duur van Pw art. 10a).",
    },
    lanes=["klant", "werkcoach", "accountmanager", "werkgever", "jobcoach"],
    nodes=[
        N(
            S,
            "start",
            "Werkervaringsplaats geïndiceerd",
            "werkcoach",
            0,
            form=[
                F("leerdoelen", "Leerdoelen", maxlength=2000),
                F("gewenste_sector", "Gewenste sector", maxlength=200),
            ],
        ),
        N(
            AM,
            "user",
            "Werkervaringsplek zoeken",
            "accountmanager",
            1,
            form=[
                F("plek_gevonden", "Werkervaringsplek gevonden", "boolean"),
                F("werkgever_naam", "Werkgever", required=False, maxlength=200),
            ],
        ),
        N(
            GV,
            "xor",
            "Plek gevonden?",
            "accountmanager",
            2,
            default="Flow_plek_gevonden_naar_geen_plek_gevonden",
        ),
        N(EG, "end", "Geen plek gevonden, terug naar werkcoach", "werkcoach", 3),
        N(
            WG,
            "user",
            "Leerwerkafspraken vastleggen",
            "werkgever",
            3,
            form=[
                F("begeleider_werkgever", "Begeleider bij werkgever", maxlength=200),
                F("uren_per_week", "Uren per week", "long", min=8, max=32),
                F("startdatum_werkervaring", "Startdatum", "date"),
            ],
        ),
        N(PS, "and", "Werkervaringsperiode starten", "werkgever", 4),
        N(T6, "timer", "Werkervaringsperiode van 6 maanden verstreken", "klant", 5, duration="P6M"),
        N(
            JB,
            "user",
            "Klant op de werkplek begeleiden en verslag maken",
            "jobcoach",
            5,
            form=[
                F("werknemersvaardigheden", "Werknemersvaardigheden (1-10)", "long", min=1, max=10),
                F("aandachtspunten", "Aandachtspunten", maxlength=2000),
            ],
        ),
        N(PJ, "and", "Periode en begeleiding afgerond", "werkgever", 6),
        N(
            WB,
            "user",
            "Eindbeoordeling en referentie opstellen",
            "werkgever",
            7,
            form=[
                F(
                    "eindbeoordeling",
                    "Eindbeoordeling",
                    "enum",
                    values=[("goed", "Goed"), ("voldoende", "Voldoende"), ("onvoldoende", "Onvoldoende")],
                ),
                F("referentie_gegeven", "Referentie gegeven", "boolean"),
            ],
        ),
        N(
            VB,
            "user",
            "Vervolg bepalen",
            "werkcoach",
            8,
            form=[
                F(
                    "vervolg_werkervaring",
                    "Vervolg",
                    "enum",
                    values=[
                        ("matchbaar", "Matchbaar, overdragen aan werkgeversdienstverlening"),
                        ("verder_ontwikkelen", "Verder ontwikkelen"),
                    ],
                ),
                F("toelichting_vervolg", "Toelichting", maxlength=2000),
            ],
        ),
        N(GVB, "xor", "Matchbaar?", "werkcoach", 9, default="Flow_matchbaar_naar_plan_bijgesteld"),
        N(EM, "end", "Klaar voor bemiddeling naar werk", "klant", 10),
        N(EP, "end", "Plan van aanpak bijgesteld", "werkcoach", 10),
    ],
    flows=[
        L(S, AM),
        L(AM, GV),
        L(GV, WG, "gevonden", "plek_gevonden"),
        L(GV, EG, "geen plek"),
        L(WG, PS),
        L(PS, T6),
        L(PS, JB),
        L(T6, PJ),
        L(JB, PJ),
        L(PJ, WB),
        L(WB, VB),
        L(VB, GVB),
        L(GVB, EM, "matchbaar", 'vervolg_werkervaring == "matchbaar"'),
        L(GVB, EP, "verder ontwikkelen"),
    ],
)
