from common import F, N, L

TARGET = "4-werkgeversdienstverlening-en-matching/kandidaat-matchbaar-overdragen-taakgericht.bpmn"

S = "StartEvent_kandidaat_matchbaar_bevonden"
TM = "Task_kandidaat_terugmelden_bij_klantmanager"
BT = "Task_begeleider_toewijzen"
AW = "Task_kandidaat_aanmelden_bij_wsp"
IW = "Task_kandidaat_inschrijven_bij_wsp"
MZ = "Gateway_zoeken_starten"
VZ = "Task_vacature_zoeken_en_voorstellen"
GB = "Gateway_baan_gevonden"
EW = "EndEvent_kandidaat_aan_het_werk"
BB = "Task_kandidaat_blijven_begeleiden"
GV = "Gateway_verder_zoeken"
EK = "EndEvent_teruggemeld_bij_klantmanager"

spec = dict(
    slug="kandidaat_matchbaar_overdragen_taakgericht",
    process_id="kandidaat_matchbaar_overdragen_taakgericht",
    name="Kandidaat matchbaar overdragen aan werkgeversdienstverlening (taakgericht)",
    participant="Werkbedrijf",
    fase=4,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "De matchbare kandidaat via de vaste taakverdeling naar werk brengen: werkcoach, "
        "klantmanager, begeleider en accountmanager doen elk hun eigen stap; de "
        "begeleider blijft de kandidaat coachen totdat de accountmanager een baan vindt. "
        "Deze taakgerichte variant maakt de estafette van overdrachten zichtbaar, zodat de "
        "procesregisseur haar kan vergelijken met de regiegerichte variant.",
        "Aanleiding": "De werkcoach heeft het traject afgerond en de kandidaat matchbaar bevonden.",
        "Uitkomsten": "Kandidaat aan het werk bij een werkgever; of kandidaat zonder plaatsing "
        "teruggemeld bij de klantmanager wanneer de begeleider verder zoeken niet "
        "zinvol vindt (bijvoorbeeld omdat de kandidaat niet meer matchbaar is).",
        "Wettelijke basis": "Pw art. 7 lid 1 onder b (ondersteuning bij arbeidsinschakeling); "
        "Pw art. 10 (voorzieningen gericht op arbeidsinschakeling); "
        "Pw art. 44a (plan van aanpak); gemeentelijke re-integratieverordening.",
    },
    lanes=["werkcoach", "klantmanager", "jobcoach", "accountmanager"],
    nodes=[
        N(
            S,
            "start",
            "Kandidaat matchbaar bevonden",
            "werkcoach",
            0,
            form=[
                F("datum_matchbaar", "Datum matchbaar bevonden", "date"),
                F("beoogde_functie", "Beoogde functie of sector", maxlength=200),
            ],
        ),
        N(
            TM,
            "user",
            "Kandidaat terugmelden bij klantmanager",
            "werkcoach",
            1,
            form=[
                F("eindrapportage_traject", "Eindrapportage traject", maxlength=2000),
                F("uren_per_week", "Beschikbare uren per week", "long", min=1, max=40),
                F("beschikbaar_per", "Beschikbaar per", "date"),
            ],
        ),
        N(
            BT,
            "user",
            "Begeleider toewijzen en kandidaat overdragen",
            "klantmanager",
            2,
            form=[
                F("begeleider", "Naam begeleider", maxlength=100),
                F("datum_overdrachtsgesprek", "Datum overdrachtsgesprek", "date"),
                F("aandachtspunten", "Aandachtspunten voor de begeleider", required=False, maxlength=1000),
            ],
        ),
        N(
            AW,
            "user",
            "Kandidaat aanmelden bij werkgeversservicepunt",
            "jobcoach",
            3,
            form=[
                F("zoekprofiel", "Zoekprofiel kandidaat", maxlength=1000),
                F("datum_aanmelding_wsp", "Datum aanmelding", "date"),
            ],
        ),
        N(
            IW,
            "user",
            "Kandidaat inschrijven bij werkgeversservicepunt",
            "accountmanager",
            4,
            form=[
                F("datum_inschrijving_wsp", "Datum inschrijving", "date"),
                F("kansrijke_sectoren", "Kansrijke sectoren", maxlength=500),
            ],
        ),
        N(MZ, "xor", "Zoeken (opnieuw) starten", "accountmanager", 5),
        N(
            VZ,
            "user",
            "Vacature zoeken en kandidaat voorstellen",
            "accountmanager",
            6,
            form=[
                F(
                    "zoekresultaat",
                    "Resultaat",
                    "enum",
                    values=[("geplaatst", "Kandidaat geplaatst"), ("geen_match", "Nog geen match")],
                ),
                F("werkgever", "Werkgever", required=False, maxlength=200),
                F("startdatum_werk", "Startdatum werk", "date", required=False),
            ],
        ),
        N(
            GB,
            "xor",
            "Baan gevonden?",
            "accountmanager",
            7,
            default="Flow_baan_gevonden_naar_kandidaat_blijven_begeleiden",
        ),
        N(EW, "end", "Kandidaat aan het werk", "accountmanager", 8),
        N(
            BB,
            "user",
            "Kandidaat blijven begeleiden",
            "jobcoach",
            7,
            form=[
                F("voortgang_begeleiding", "Voortgang begeleiding", maxlength=1000),
                F(
                    "vervolg_begeleiding",
                    "Vervolg",
                    "enum",
                    values=[
                        ("verder_zoeken", "Verder zoeken via werkgeversservicepunt"),
                        ("terug_naar_klantmanager", "Terugmelden bij klantmanager"),
                    ],
                ),
            ],
        ),
        N(
            GV,
            "xor",
            "Verder zoeken?",
            "jobcoach",
            8,
            default="Flow_verder_zoeken_naar_teruggemeld_bij_klantmanager",
        ),
        N(EK, "end", "Teruggemeld bij klantmanager zonder plaatsing", "klantmanager", 9),
    ],
    flows=[
        L(S, TM),
        L(TM, BT),
        L(BT, AW),
        L(AW, IW),
        L(IW, MZ),
        L(MZ, VZ),
        L(VZ, GB),
        L(GB, EW, "geplaatst", 'zoekresultaat == "geplaatst"'),
        L(GB, BB, "geen match"),
        L(BB, GV),
        L(GV, MZ, "verder zoeken", 'vervolg_begeleiding == "verder_zoeken"'),
        L(GV, EK, "terugmelden"),
    ],
)
