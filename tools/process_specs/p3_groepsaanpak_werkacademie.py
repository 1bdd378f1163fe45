from common import F, N, L

TARGET = "3-re-integratie-en-ontwikkeling/groepsaanpak-werkacademie.bpmn"

S = "StartEvent_verwezen_naar_werkacademie"
GA = "Gateway_aanpak_gemeente"
GI = "Task_indelen_in_groep"
II = "Task_individueel_programma_plannen"
GM = "Gateway_programma_starten"
T8 = "Timer_programma_doorlopen"
KP = "Task_eindopdracht_inleveren"
EB = "Task_werkfit_eindbeoordeling"
GE = "Gateway_werkfit"
PW = "Task_kandidaat_presenteren"
EP = "EndEvent_gepresenteerd_aan_werkgevers"
EA = "EndEvent_ander_traject"

spec = dict(
    slug="groepsaanpak_werkacademie",
    process_id="groepsaanpak_werkacademie",
    name="Werkacademie (groepsaanpak of individueel)",
    participant="Werkbedrijf",
    fase=3,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Werkzoekenden in een kort, intensief programma van 8 weken werkfit maken "
        "(sollicitatievaardigheden, werknemersvaardigheden, beroepsoriëntatie) en "
        "matchbare kandidaten direct aan werkgevers presenteren.",
        "Aanleiding": "De werkcoach verwijst de klant naar de werkacademie. Of het programma in "
        "een groep of 1-op-1 loopt is een keuze van de gemeente (profiel.aanpak).",
        "Uitkomsten": "Kandidaat gepresenteerd aan werkgevers (banenmarkt, speeddates) na een "
        "positieve eindbeoordeling; programma verlengd met een nieuwe periode; of "
        "doorverwezen naar een ander traject als de klant (nog) niet werkfit is.",
        "Wettelijke basis": "Pw art. 7 lid 1 onder a en art. 10 (ondersteuning bij "
        "arbeidsinschakeling); Pw art. 8a (re-integratieverordening); Pw art. 9 "
        "lid 1 (arbeidsverplichtingen, meewerken aan een voorziening); duur en "
        "vorm van het programma: gemeentelijke beleidsregels.",
    },
    lanes=["klant", "accountmanager", ("werkcoach", 2)],
    nodes=[
        N(
            S,
            "start",
            "Klant verwezen naar werkacademie",
            "werkcoach",
            0,
            form=[
                F(
                    "doel_werkacademie",
                    "Doel",
                    "enum",
                    values=[
                        ("werkfit_worden", "Werkfit worden"),
                        ("sollicitatievaardigheden", "Sollicitatievaardigheden"),
                        ("beroepsorientatie", "Beroepsoriëntatie"),
                    ],
                ),
                F("datum_verwijzing", "Datum verwijzing", "date"),
            ],
        ),
        N(
            GA,
            "xor",
            "Aanpak van de gemeente?",
            "werkcoach",
            1,
            default="Flow_aanpak_gemeente_naar_individueel_programma_plannen",
        ),
        N(
            GI,
            "user",
            "Indelen in groep en startbijeenkomst plannen",
            "werkcoach",
            2,
            form=[
                F("groep", "Groep", maxlength=100),
                F("startdatum_groep", "Startdatum groep", "date"),
            ],
        ),
        N(
            II,
            "user",
            "Individueel programma en coachmomenten plannen",
            "werkcoach",
            2,
            row=1,
            form=[
                F("coachmomenten_per_week", "Coachmomenten per week", "long", min=1, max=5),
                F("startdatum_programma", "Startdatum programma", "date"),
            ],
        ),
        N(GM, "xor", "Programma starten", "werkcoach", 3, row=1),
        N(T8, "timer", "Programma van 8 weken doorlopen", "klant", 4, duration="P8W"),
        N(
            KP,
            "user",
            "Sollicitatiedossier en eindopdracht inleveren",
            "klant",
            5,
            form=[
                F("cv_gereed", "Cv en sollicitatiedossier gereed", "boolean"),
                F("eindopdracht", "Eindopdracht", maxlength=2000),
            ],
        ),
        N(
            EB,
            "user",
            "Werkfit eindbeoordeling",
            "werkcoach",
            6,
            form=[
                F(
                    "werkfit",
                    "Uitkomst",
                    "enum",
                    values=[
                        ("matchbaar", "Werkfit en matchbaar"),
                        ("verlengen", "Programma verlengen"),
                        ("ander_traject", "Ander traject nodig"),
                    ],
                ),
                F("motivering_eindbeoordeling", "Motivering", maxlength=2000),
            ],
        ),
        N(GE, "xor", "Werkfit?", "werkcoach", 7, default="Flow_werkfit_naar_ander_traject"),
        N(
            PW,
            "user",
            "Kandidaat presenteren aan werkgevers",
            "accountmanager",
            8,
            form=[
                F("aantal_gesprekken", "Aantal gesprekken met werkgevers", "long", min=0, max=10),
                F("werkgevers", "Werkgevers", required=False, maxlength=1000),
            ],
        ),
        N(EP, "end", "Kandidaat gepresenteerd aan werkgevers", "accountmanager", 9),
        N(EA, "end", "Doorverwezen naar ander traject", "werkcoach", 8),
    ],
    flows=[
        L(S, GA),
        L(GA, GI, "groepsaanpak", 'profiel.aanpak == "groep"'),
        L(GA, II, "individueel"),
        L(GI, GM),
        L(II, GM),
        L(GM, T8, src_port="R"),
        L(T8, KP),
        L(KP, EB),
        L(EB, GE),
        L(GE, PW, "matchbaar", 'werkfit == "matchbaar"'),
        L(GE, GM, "verlengen", 'werkfit == "verlengen"', src_port="B", tgt_port="B"),
        L(GE, EA, "ander traject"),
        L(PW, EP),
    ],
)
