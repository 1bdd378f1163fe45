from common import F, N, L

TARGET = "2-intake-diagnose-en-plan/tegenprestatie.bpmn"

S = "StartEvent_in_aanmerking_tegenprestatie"
BT = "Task_passendheid_toetsen"
G1 = "Gateway_tegenprestatie_passend"
E0 = "EndEvent_geen_tegenprestatie"
ZA = "Task_activiteit_zoeken"
OD = "Task_tegenprestatie_opdragen"
KS = "Task_tegenprestatie_starten"
T = "Timer_periode_tegenprestatie"
EV = "Task_tegenprestatie_evalueren"
G2 = "Gateway_nagekomen"
EA = "EndEvent_tegenprestatie_afgerond"
EM = "EndEvent_voorgelegd_voor_maatregel"
EB = "EndEvent_beeindigd_zonder_maatregel"

spec = dict(
    slug="tegenprestatie",
    process_id="tegenprestatie",
    name="Tegenprestatie",
    participant="Werkbedrijf",
    fase=2,
    stuurlijn="werken en meedoen",
    documentation={
        "Doel": "De klant naar vermogen onbeloonde, maatschappelijk nuttige werkzaamheden laten "
        "verrichten naast of in aanvulling op re-integratie, zonder verdringing van "
        "betaald werk, en nagaan of de klant de opdracht nakomt.",
        "Aanleiding": "De klantmanager signaleert dat de klant in aanmerking komt voor een "
        "tegenprestatie (bijvoorbeeld na de diagnose, bij het zittend bestand, of op "
        "eigen wens van de klant).",
        "Uitkomsten": "Geen tegenprestatie opgedragen (niet passend, ontheffing of traject gaat "
        "voor); tegenprestatie afgerond; niet nagekomen en verwijtbaar: voorgelegd "
        "voor een maatregel; of beëindigd zonder maatregel (niet verwijtbaar). De "
        "periode van 6 maanden volgt uit de gemeentelijke verordening.",
        "Wettelijke basis": "Pw art. 9 lid 1 onder c (tegenprestatie naar vermogen); Pw art. 9 "
        "lid 2 (ontheffing); Pw art. 8a (gemeentelijke verordening); Pw art. 18 "
        "lid 2 (maatregel bij niet nakomen); Awb 4:8 (horen).",
    },
    lanes=["klant", "werkcoach", ("klantmanager", 2)],
    nodes=[
        N(
            S,
            "start",
            "Klant komt in aanmerking voor tegenprestatie",
            "klantmanager",
            0,
            form=[
                F("datum_signalering", "Datum signalering", "date"),
                F(
                    "aanleiding_tegenprestatie",
                    "Aanleiding",
                    "enum",
                    values=[
                        ("diagnose", "Uit diagnose of plan van aanpak"),
                        ("zittend_bestand", "Herbeoordeling zittend bestand"),
                        ("wens_klant", "Eigen wens van de klant"),
                    ],
                ),
            ],
        ),
        N(
            BT,
            "user",
            "Passendheid en belastbaarheid toetsen",
            "klantmanager",
            1,
            form=[
                F("tegenprestatie_passend", "Tegenprestatie passend en naar vermogen", "boolean"),
                F(
                    "reden_niet_passend",
                    "Reden niet passend",
                    "enum",
                    required=False,
                    values=[
                        ("ontheffing", "Ontheffing arbeidsverplichtingen"),
                        ("traject_gaat_voor", "Traject naar werk gaat voor"),
                        ("belastbaarheid", "Onvoldoende belastbaar"),
                    ],
                ),
            ],
        ),
        N(
            G1,
            "xor",
            "Tegenprestatie passend?",
            "klantmanager",
            2,
            default="Flow_tegenprestatie_passend_naar_geen_tegenprestatie",
        ),
        N(E0, "end", "Geen tegenprestatie opgedragen", "klantmanager", 3, row=1),
        N(
            ZA,
            "user",
            "Maatschappelijk nuttige activiteit zoeken",
            "werkcoach",
            3,
            form=[
                F("organisatie", "Organisatie", maxlength=200),
                F("werkzaamheden", "Werkzaamheden", maxlength=1000),
                F("uren_per_week", "Uren per week", "long", min=1, max=20),
                F("verdringing_uitgesloten", "Verdringing van betaald werk uitgesloten", "boolean"),
            ],
        ),
        N(
            OD,
            "user",
            "Tegenprestatie opdragen",
            "klantmanager",
            4,
            form=[
                F("startdatum_tegenprestatie", "Startdatum", "date"),
                F("einddatum_tegenprestatie", "Einddatum", "date"),
            ],
        ),
        N(
            KS,
            "user",
            "Tegenprestatie starten",
            "klant",
            5,
            form=[
                F("gestart_op", "Gestart op", "date"),
                F("opmerkingen_klant", "Opmerkingen", required=False, maxlength=1000),
            ],
        ),
        N(T, "timer", "Periode van 6 maanden verstreken", "klant", 6, duration="P6M"),
        N(
            EV,
            "user",
            "Tegenprestatie evalueren",
            "werkcoach",
            7,
            form=[
                F(
                    "nakoming",
                    "Nakoming",
                    "enum",
                    values=[
                        ("nagekomen", "Nagekomen"),
                        ("niet_verwijtbaar", "Niet nagekomen, niet verwijtbaar"),
                        ("verwijtbaar", "Niet nagekomen, verwijtbaar"),
                    ],
                ),
                F("ervaring_organisatie", "Ervaring van de organisatie", maxlength=1000),
            ],
        ),
        N(G2, "xor", "Nagekomen?", "werkcoach", 8, default="Flow_nagekomen_naar_beeindigd_zonder_maatregel"),
        N(EA, "end", "Tegenprestatie afgerond", "klant", 9),
        N(EB, "end", "Tegenprestatie beëindigd zonder maatregel", "werkcoach", 9),
        N(EM, "end", "Niet nagekomen: voorgelegd voor maatregel", "klantmanager", 9),
    ],
    flows=[
        L(S, BT),
        L(BT, G1),
        L(G1, ZA, "passend", "tegenprestatie_passend == True"),
        L(G1, E0, "niet passend"),
        L(ZA, OD),
        L(OD, KS),
        L(KS, T),
        L(T, EV),
        L(EV, G2),
        L(G2, EA, "nagekomen", 'nakoming == "nagekomen"'),
        L(G2, EM, "verwijtbaar", 'nakoming == "verwijtbaar"'),
        L(G2, EB, "niet verwijtbaar"),
    ],
)
