from common import F, N, L

TARGET = "4-werkgeversdienstverlening-en-matching/nazorg-op-de-werkplek.bpmn"

S = "StartEvent_werknemer_gestart"
NA = "Task_nazorgafspraken_maken"
MB = "Gateway_nazorg_voortzetten"
BG = "Task_werknemer_en_werkgever_begeleiden"
TN = "Boundary_nazorgperiode_verstreken"
AF = "Task_nazorg_afsluiten"
ED = "EndEvent_duurzaam_aan_het_werk"
KO = "Task_knelpunt_oplossen"
GO = "Gateway_knelpunt_opgelost"
UV = "Task_uitval_opvangen"
EU = "EndEvent_dienstverband_beeindigd"

spec = dict(
    slug="nazorg_op_de_werkplek",
    process_id="nazorg_op_de_werkplek",
    name="Nazorg op de werkplek",
    participant="Werkbedrijf",
    fase=4,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Uitval na plaatsing voorkomen: de jobcoach blijft gedurende de nazorgperiode "
        "bereikbaar voor werknemer en werkgever en lost knelpunten samen met de "
        "werkgever op, zodat de plaatsing duurzaam wordt.",
        "Aanleiding": "Een geplaatste kandidaat is bij een werkgever aan het werk begonnen.",
        "Uitkomsten": "Nazorg afgerond, werknemer duurzaam aan het werk (na de nazorgperiode van "
        "het beleidsprofiel, profiel.nazorg_maanden); of dienstverband beëindigd "
        "en uitval opgevangen door de klantmanager (snelle herstart). Na een "
        "opgelost knelpunt loopt de nazorgperiode opnieuw.",
        "Wettelijke basis": "Pw art. 7 lid 1 onder b en art. 10 (ondersteuning bij "
        "arbeidsinschakeling, ook na plaatsing); Pw art. 10da (no-riskpolis "
        "en jobcoaching via UWV/gemeente); gemeentelijke beleidsregels "
        "(duur nazorg: typisch 3 maanden, 12 waar de armoedeval speelt).",
    },
    lanes=["werkgever", ("jobcoach", 2), "klantmanager"],
    nodes=[
        N(
            S,
            "start",
            "Werknemer gestart bij werkgever",
            "werkgever",
            0,
            form=[
                F("startdatum_werk", "Startdatum werk", "date"),
                F("functie", "Functie", maxlength=200),
            ],
        ),
        N(
            NA,
            "user",
            "Nazorgafspraken maken met werknemer en werkgever",
            "jobcoach",
            1,
            form=[
                F(
                    "contactfrequentie",
                    "Contactfrequentie",
                    "enum",
                    values=[
                        ("wekelijks", "Wekelijks"),
                        ("tweewekelijks", "Tweewekelijks"),
                        ("maandelijks", "Maandelijks"),
                    ],
                ),
                F("aandachtspunten_nazorg", "Aandachtspunten", maxlength=1000),
            ],
        ),
        N(MB, "xor", "Nazorg (opnieuw) starten", "jobcoach", 2),
        N(
            BG,
            "user",
            "Werknemer en werkgever begeleiden",
            "jobcoach",
            3,
            documentation="Staat open zolang de nazorgperiode loopt; de jobcoach rondt de taak af "
            "zodra werknemer of werkgever een knelpunt meldt.",
            form=[
                F(
                    "knelpunt",
                    "Gemeld knelpunt",
                    "enum",
                    values=[
                        ("werkhouding", "Werkhouding of afspraken"),
                        ("taken_te_zwaar", "Taken te zwaar"),
                        ("samenwerking", "Samenwerking op de werkvloer"),
                        ("prive", "Privé-omstandigheden"),
                    ],
                ),
                F("toelichting_knelpunt", "Toelichting", maxlength=1000),
            ],
        ),
        N(
            TN,
            "boundary",
            "Nazorgperiode verstreken",
            attached=BG,
            duration='"P" + str(profiel.nazorg_maanden) + "M"',
            cancel=True,
            offset=0.3,
        ),
        N(
            AF,
            "user",
            "Nazorg afsluiten en evalueren",
            "jobcoach",
            4,
            row=1,
            form=[
                F("werkgever_tevreden", "Werkgever tevreden", "boolean"),
                F("evaluatie_nazorg", "Evaluatie", maxlength=2000),
            ],
        ),
        N(ED, "end", "Duurzaam aan het werk", "jobcoach", 5, row=1),
        N(
            KO,
            "user",
            "Knelpunt bespreken en oplossing afspreken",
            "werkgever",
            4,
            form=[
                F("knelpunt_opgelost", "Oplossing gevonden", "boolean"),
                F("afgesproken_oplossing", "Afgesproken oplossing", required=False, maxlength=1000),
            ],
        ),
        N(
            GO,
            "xor",
            "Knelpunt opgelost?",
            "werkgever",
            5,
            default="Flow_knelpunt_opgelost_naar_uitval_opvangen",
        ),
        N(
            UV,
            "user",
            "Uitval opvangen",
            "klantmanager",
            6,
            form=[
                F("einddatum_dienstverband", "Einddatum dienstverband", "date"),
                F("uitkering_herleeft", "Uitkering herleeft (snelle herstart)", "boolean"),
            ],
        ),
        N(EU, "end", "Dienstverband beëindigd", "klantmanager", 7),
    ],
    flows=[
        L(S, NA),
        L(NA, MB),
        L(MB, BG),
        L(TN, AF),
        L(AF, ED),
        L(BG, KO),
        L(KO, GO),
        L(GO, MB, "opgelost", "knelpunt_opgelost == True"),
        L(GO, UV, "niet opgelost"),
        L(UV, EU),
    ],
)
