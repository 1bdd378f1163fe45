from common import F, N, L

TARGET = "8-uitstroom-en-nazorg/nazorg-na-werkaanvaarding.bpmn"

S = "StartEvent_aan_het_werk_gegaan"
NA = "Task_nazorgafspraken_maken"
GV = "Gateway_volgende_check_in"
TC = "Timer_maand_tot_check_in"
CI = "Task_check_in_voeren"
GC = "Gateway_uitkomst_check_in"
AF = "Task_nazorg_afsluiten"
ED = "EndEvent_duurzaam_aan_het_werk"
PS = "Gateway_baan_behouden_starten"
WG = "Task_werkgever_spreken"
EB = "Task_extra_begeleiding_werkplek"
PJ = "Gateway_interventie_afgerond"
GB = "Gateway_baan_behouden"
EV = "EndEvent_baan_verloren"

spec = dict(
    slug="nazorg_na_werkaanvaarding",
    process_id="nazorg_na_werkaanvaarding",
    name="Nazorg na werkaanvaarding",
    participant="Werkbedrijf",
    fase=8,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Voorkomen dat een klant die uit de bijstand aan het werk is gegaan zijn baan "
        "weer verliest: maandelijks contact met klant en werkgever, en bij dreigende "
        "uitval direct werkgever en werkplek tegelijk ondersteunen.",
        "Aanleiding": "De klant is aan het werk gegaan (uitstroom naar werk). De nazorg duurt "
        "zo lang als de gemeente kiest (profiel.nazorg_maanden), minstens 3 maanden.",
        "Uitkomsten": "Nazorg afgesloten, klant duurzaam aan het werk; baan verloren, klant "
        "direct naar snelle herstart. Na een geslaagde interventie lopen de "
        "check-ins door.",
        "Wettelijke basis": "Pw art. 7 lid 1 onder a en b (ondersteuning bij arbeidsinschakeling "
        "en behoud van werk); Pw art. 10da (jobcoach, voorzieningen gericht op "
        "behoud van arbeid); gemeentelijke beleidsregels nazorg.",
    },
    lanes=["klant", "klantmanager", ("werkcoach", 2), "accountmanager", "jobcoach"],
    nodes=[
        N(
            S,
            "start",
            "Aan het werk gegaan",
            "klant",
            0,
            form=[
                F("startdatum_werk", "Startdatum werk", "date"),
                F("werkgever", "Werkgever", maxlength=200),
            ],
        ),
        N(
            NA,
            "user",
            "Nazorgafspraken maken met klant en werkgever",
            "werkcoach",
            1,
            form=[
                F(
                    "contactvorm",
                    "Contactvorm",
                    "enum",
                    values=[
                        ("telefonisch", "Telefonisch"),
                        ("op_de_werkplek", "Op de werkplek"),
                        ("digitaal", "Digitaal"),
                    ],
                ),
                F("aandachtspunten", "Aandachtspunten", maxlength=1000),
            ],
        ),
        N(GV, "xor", "Volgende check-in", "werkcoach", 2),
        N(TC, "timer", "Een maand tot check-in", "werkcoach", 3, duration="P1M"),
        N(
            CI,
            "user",
            "Check-in met klant en werkgever",
            "werkcoach",
            4,
            form=[
                F("maanden_in_dienst", "Maanden in dienst", "long", min=1, max=24),
                F("baan_in_gevaar", "Baan in gevaar", "boolean"),
                F("signalen", "Signalen", required=False, maxlength=1000),
            ],
        ),
        N(
            GC,
            "xor",
            "Uitkomst check-in?",
            "werkcoach",
            5,
            default="Flow_uitkomst_check_in_naar_volgende_check_in",
        ),
        N(
            AF,
            "user",
            "Nazorg afsluiten",
            "klantmanager",
            6,
            form=[
                F("datum_afsluiting", "Datum afsluiting", "date"),
                F("uitstroom_duurzaam", "Uitstroom duurzaam", "boolean"),
            ],
        ),
        N(ED, "end", "Duurzaam aan het werk", "klantmanager", 7),
        N(PS, "and", "Behoud baan aanpakken", "werkcoach", 6, row=1),
        N(
            WG,
            "user",
            "Werkgever spreken over behoud",
            "accountmanager",
            7,
            form=[
                F("werkgever_wil_behouden", "Werkgever wil dienstverband voortzetten", "boolean"),
                F("afspraken_werkgever", "Afspraken", maxlength=1000),
            ],
        ),
        N(
            EB,
            "user",
            "Extra begeleiding op de werkplek inzetten",
            "jobcoach",
            7,
            form=[
                F("uren_begeleiding", "Uren begeleiding per week", "long", min=0, max=20),
                F("knelpunt", "Knelpunt op de werkplek", maxlength=1000),
            ],
        ),
        N(PJ, "and", "Interventie afgerond", "jobcoach", 8),
        N(GB, "xor", "Baan behouden?", "jobcoach", 9, default="Flow_baan_behouden_naar_baan_verloren"),
        N(EV, "end", "Baan verloren, naar snelle herstart", "jobcoach", 10),
    ],
    flows=[
        L(S, NA),
        L(NA, GV),
        L(GV, TC),
        L(TC, CI),
        L(CI, GC),
        L(GC, PS, "baan in gevaar", "baan_in_gevaar", src_port="B"),
        L(
            GC,
            AF,
            "nazorgperiode voorbij",
            "not baan_in_gevaar and maanden_in_dienst >= max(3, profiel.nazorg_maanden)",
            src_port="R",
        ),
        L(GC, GV, "doorgaan", src_port="T", tgt_port="T"),
        L(AF, ED),
        L(PS, WG),
        L(PS, EB),
        L(WG, PJ),
        L(EB, PJ),
        L(PJ, GB),
        # explicit route along the bottom of the jobcoach lane, so the loop crosses no other flow
        L(
            GB,
            GV,
            "behouden",
            "werkgever_wil_behouden",
            waypoints=[(1720, 1035), (1720, 1086), (600, 1086), (600, 555)],
        ),
        L(GB, EV, "verloren"),
    ],
)
