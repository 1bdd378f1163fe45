from common import F, N, L

TARGET = "5-instrumenten/beschut-werk-bij-externe-werkgever.bpmn"

S = "StartEvent_kandidaat_aangemeld_extern"
WW = "Task_externe_werkgever_werven"
GW = "Gateway_werkgever_gevonden"
EG = "EndEvent_geen_externe_plek"
PS = "Gateway_plaatsing_voorbereiden"
WI = "Task_werkplek_inrichten_en_contract_aanbieden"
BA = "Task_begeleiding_afspreken"
PJ = "Gateway_plaatsing_gereed"
LW = "Task_loonwaarde_bepalen"
TS = "Task_subsidies_toekennen"
TB = "Timer_beslistermijn_lks"
WV = "Task_werkgever_informeren_vertraging"
EV = "EndEvent_werkgever_geinformeerd_vertraging"
EA = "EndEvent_aan_het_werk_bij_externe_werkgever"

spec = dict(
    slug="beschut_werk_bij_externe_werkgever",
    process_id="beschut_werk_bij_externe_werkgever",
    name="Beschut werk bij externe werkgever",
    participant="Werkbedrijf",
    fase=5,
    stuurlijn="werken en meedoen",
    documentation={
        "Doel": "Een kandidaat met een positief advies beschut werk zo regulier mogelijk laten werken: "
        "bij een gewone werkgever op een aangepaste werkplek met begeleiding en "
        "loonkostensubsidie, in plaats van in een beschutte omgeving van het werkbedrijf.",
        "Aanleiding": "De klantmanager meldt een kandidaat met een positief advies beschut werk aan "
        "bij werkgeversdienstverlening voor een plaatsing bij een externe werkgever.",
        "Uitkomsten": "Kandidaat aan het werk bij een externe werkgever, met aangepaste werkplek, "
        "afgesproken begeleiding, vastgestelde loonwaarde en toegekende "
        "loonkostensubsidie en begeleidingsvergoeding; of geen externe plek gevonden, "
        "zodat beschut werk bij het werkbedrijf volgt. Dreigt de beslistermijn van "
        "5 weken na de loonwaarde te verlopen, dan informeert de accountmanager de "
        "werkgever terwijl het besluit doorloopt.",
        "Wettelijke basis": "Pw art. 10b (beschut werk, ook bij een reguliere werkgever); Pw art. 10d "
        "lid 12 (besluit over loonkostensubsidie binnen 5 weken na vaststelling "
        "loonwaarde); Pw art. 10da (begeleiding op de werkplek); gemeentelijke "
        "verordening (vergoeding begeleiding en werkplekaanpassing).",
    },
    lanes=[("klantmanager", 2), "accountmanager", "werkgever", "jobcoach", "loonwaardedeskundige"],
    nodes=[
        N(
            S,
            "start",
            "Kandidaat aangemeld voor beschut werk bij werkgever",
            "klantmanager",
            0,
            row=1,
            form=[
                F("datum_advies_uwv", "Datum advies beschut werk UWV", "date"),
                F("uren_per_week", "Uren per week", "long", min=4, max=36),
            ],
        ),
        N(
            WW,
            "user",
            "Externe werkgever met beschutte werkplek werven",
            "accountmanager",
            1,
            form=[
                F("werkgever_gevonden", "Werkgever gevonden", "boolean"),
                F("sector", "Sector", required=False, maxlength=200),
            ],
        ),
        N(
            GW,
            "xor",
            "Werkgever gevonden?",
            "accountmanager",
            2,
            default="Flow_werkgever_gevonden_naar_geen_externe_plek",
        ),
        N(EG, "end", "Geen externe plek: beschut werk bij werkbedrijf", "accountmanager", 3),
        N(PS, "and", "Plaatsing voorbereiden", "werkgever", 3),
        N(
            WI,
            "user",
            "Werkplek inrichten en arbeidsovereenkomst aanbieden",
            "werkgever",
            4,
            form=[
                F("startdatum_dienstverband", "Startdatum dienstverband", "date"),
                F("werkplekaanpassing_nodig", "Werkplekaanpassing nodig", "boolean"),
            ],
        ),
        N(
            BA,
            "user",
            "Begeleiding op de werkplek afspreken",
            "jobcoach",
            4,
            form=[
                F("begeleidingsuren_per_week", "Begeleidingsuren per week", "long", min=1, max=36),
                F("interne_begeleider_aangewezen", "Interne begeleider aangewezen", "boolean"),
            ],
        ),
        N(PJ, "and", "Plaatsing gereed", "werkgever", 5),
        N(
            LW,
            "user",
            "Loonwaarde op de werkplek bepalen",
            "loonwaardedeskundige",
            6,
            form=[
                F("loonwaarde_percentage", "Loonwaarde (%)", "long", min=0, max=99),
                F("rapportage_loonwaarde", "Rapportage", maxlength=4000),
            ],
        ),
        N(
            TS,
            "user",
            "Loonkostensubsidie en begeleidingsvergoeding toekennen",
            "klantmanager",
            7,
            form=[
                F("lks_per_maand", "Loonkostensubsidie per maand (euro)", "long", min=1, max=5000),
                F(
                    "begeleidingsvergoeding_per_maand",
                    "Begeleidingsvergoeding per maand (euro)",
                    "long",
                    min=0,
                    max=2000,
                ),
                F("ingangsdatum_subsidies", "Ingangsdatum", "date"),
            ],
        ),
        N(
            TB,
            "boundary",
            "5 weken na vaststelling loonwaarde",
            attached=TS,
            duration="P5W",
            cancel=False,
            offset=0.75,
        ),
        N(
            WV,
            "user",
            "Werkgever informeren over vertraging",
            "accountmanager",
            8,
            form=[
                F("werkgever_geinformeerd", "Werkgever geïnformeerd", "boolean"),
                F("verwachte_beslisdatum", "Verwachte beslisdatum", "date"),
            ],
        ),
        N(EV, "end", "Werkgever geïnformeerd over vertraging", "accountmanager", 9),
        N(EA, "end", "Aan het werk in beschut werk bij werkgever", "klantmanager", 9),
    ],
    flows=[
        L(S, WW),
        L(WW, GW),
        L(GW, PS, "gevonden", "werkgever_gevonden", src_port="B"),
        L(GW, EG, "niet gevonden"),
        L(PS, WI),
        L(PS, BA),
        L(WI, PJ),
        L(BA, PJ),
        L(PJ, LW),
        L(LW, TS),
        L(TB, WV),
        L(WV, EV),
        L(TS, EA),
    ],
)
