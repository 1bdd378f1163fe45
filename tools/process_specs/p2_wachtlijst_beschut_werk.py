from common import F, N, L

TARGET = "2-intake-diagnose-en-plan/wachtlijst-beschut-werk.bpmn"

S = "StartEvent_doelgroep_beschut_werk_vastgesteld"
G1 = "Gateway_plafond_bereikt"
WL = "Task_op_wachtlijst_plaatsen"
OB = "Task_overbrugging_inzetten"
MB = "Message_plek_beschikbaar"
MJ = "Gateway_plek_beschikbaar"
G2 = "Gateway_vorm_beschut_werk"
WG = "Task_arbeidsovereenkomst_aanbieden"
JC = "Task_begeleiding_werkplek_inrichten"
EW = "EndEvent_beschut_werk_dienstverband"
DB = "Task_beschutte_dagbesteding_regelen"
ED = "EndEvent_beschutte_dagbesteding"

spec = dict(
    slug="wachtlijst_beschut_werk",
    process_id="wachtlijst_beschut_werk",
    name="Wachtlijst beschut werk",
    participant="Werkbedrijf",
    fase=2,
    stuurlijn="werken en meedoen",
    properties={"plafond": "plafond_beschut_werk"},
    documentation={
        "Doel": "Iemand die tot de doelgroep beschut werk behoort zo snel mogelijk een beschutte "
        "werkplek bieden; is het jaarlijkse aantal plekken (plafond) bereikt, dan de klant "
        "op een wachtlijst plaatsen en de wachttijd overbruggen met een zinvolle activiteit.",
        "Aanleiding": "Het college heeft vastgesteld dat de klant tot de doelgroep beschut werk "
        "behoort. Bij de start van de zaak zet de engine plafond_bereikt op basis van "
        "profiel.plafond_beschut_werk en het aantal plaatsingen dit jaar.",
        "Uitkomsten": "Aan het werk in beschut werk met een arbeidsovereenkomst en begeleiding op de "
        "werkplek; of (profiel.beschut_werk_vorm = dagbesteding) beschutte "
        "dagbesteding met behoud van uitkering. Bij een bereikt plafond gaat daar een "
        "wachttijd met overbrugging aan vooraf, tot een plek vrijkomt of het nieuwe "
        "jaar nieuwe plekken geeft (bericht plek_beschut_werk_beschikbaar).",
        "Wettelijke basis": "Pw art. 10b lid 1 (beschut werk in een dienstbetrekking; het college "
        "draagt zorg voor het bij ministeriële regeling vastgestelde aantal "
        "plekken); gemeentelijke beleidsregels (wachtlijst en volgorde zodra "
        "dat aantal is bereikt); Pw art. 10d (loonkostensubsidie) en art. 10da (begeleiding); "
        "gemeentelijke verordening (Pw art. 8a). De vorm dagbesteding volgt uit "
        "gemeentelijk beleid en valt niet onder de wettelijke taakstelling.",
    },
    lanes=[("klantmanager", 2), "werkcoach", "werkgever", "jobcoach"],
    messages=["plek_beschut_werk_beschikbaar"],
    nodes=[
        N(
            S,
            "start",
            "Doelgroep beschut werk vastgesteld",
            "klantmanager",
            0,
            form=[
                F("datum_beschikking_beschut_werk", "Datum beschikking beschut werk", "date"),
                F("geadviseerde_uren_per_week", "Geadviseerde uren per week", "long", min=4, max=36),
            ],
        ),
        N(
            G1,
            "xor",
            "Plafond beschut werk bereikt?",
            "klantmanager",
            1,
            default="Flow_plafond_bereikt_naar_plek_beschikbaar",
        ),
        N(
            WL,
            "user",
            "Op wachtlijst plaatsen en klant informeren",
            "klantmanager",
            2,
            row=1,
            form=[
                F("datum_wachtlijst", "Datum plaatsing op wachtlijst", "date"),
                F("positie_wachtlijst", "Positie op wachtlijst", "long", min=1, max=500),
            ],
        ),
        N(
            OB,
            "user",
            "Overbrugging tijdens wachttijd inzetten",
            "werkcoach",
            3,
            form=[
                F(
                    "overbrugging",
                    "Overbruggingsactiviteit",
                    "enum",
                    values=[
                        ("dagbesteding", "Dagbesteding"),
                        ("vrijwilligerswerk", "Vrijwilligerswerk"),
                        ("ontwikkeltraject", "Ontwikkeltraject"),
                        ("geen", "Geen (klant kan niet)"),
                    ],
                ),
                F("startdatum_overbrugging", "Startdatum", "date", required=False),
            ],
        ),
        N(
            MB,
            "message",
            "Plek beschut werk beschikbaar",
            "werkcoach",
            4,
            message="plek_beschut_werk_beschikbaar",
        ),
        N(MJ, "xor", "Plek beschikbaar", "werkcoach", 5),
        N(
            G2,
            "xor",
            "Vorm beschut werk?",
            "werkcoach",
            6,
            default="Flow_vorm_beschut_werk_naar_beschutte_dagbesteding_regelen",
        ),
        N(
            DB,
            "user",
            "Beschutte dagbesteding met behoud van uitkering regelen",
            "werkcoach",
            7,
            form=[
                F("locatie_dagbesteding", "Locatie", maxlength=200),
                F("dagdelen_per_week", "Dagdelen per week", "long", min=1, max=10),
            ],
        ),
        N(ED, "end", "Beschutte dagbesteding met behoud van uitkering", "werkcoach", 8),
        N(
            WG,
            "user",
            "Arbeidsovereenkomst beschut werk aanbieden",
            "werkgever",
            7,
            form=[
                F("startdatum_dienstverband", "Startdatum", "date"),
                F("uren_per_week", "Uren per week", "long", min=4, max=36),
                F(
                    "duur_contract",
                    "Duur contract",
                    "enum",
                    values=[("bepaald", "Bepaalde tijd"), ("onbepaald", "Onbepaalde tijd")],
                ),
            ],
        ),
        N(
            JC,
            "user",
            "Begeleiding op de werkplek inrichten",
            "jobcoach",
            8,
            form=[
                F("begeleidingsuren_per_week", "Begeleidingsuren per week", "long", min=0, max=40),
                F("werkplekaanpassingen", "Werkplekaanpassingen", required=False, maxlength=1000),
            ],
        ),
        N(EW, "end", "Aan het werk in beschut werk", "jobcoach", 9),
    ],
    flows=[
        L(S, G1),
        L(G1, WL, "plafond bereikt", "plafond_bereikt"),
        L(G1, MJ, "plek beschikbaar"),
        L(WL, OB),
        L(OB, MB),
        L(MB, MJ),
        L(MJ, G2),
        L(G2, WG, "dienstverband", 'profiel.beschut_werk_vorm == "dienstverband"'),
        L(G2, DB, "dagbesteding"),
        L(DB, ED),
        L(WG, JC),
        L(JC, EW),
    ],
)
