from common import F, N, L

TARGET = "4-werkgeversdienstverlening-en-matching/scan-inclusief-ondernemen.bpmn"

S = "StartEvent_scan_aangevraagd"
PS = "Gateway_scan_uitvoeren"
ZS = "Task_zelfscan_invullen"
WA = "Task_werkprocessen_analyseren"
PJ = "Gateway_scan_gereed"
AR = "Task_adviesrapport_opstellen"
AB = "Task_advies_bespreken"
GV = "Gateway_vervolg_scan"
EJ = "EndEvent_doorgeleid_naar_job_carving"
EV = "EndEvent_vacatures_aangemeld"
EG = "EndEvent_scan_afgerond_zonder_vervolg"

spec = dict(
    slug="scan_inclusief_ondernemen",
    process_id="scan_inclusief_ondernemen",
    name="Scan inclusief ondernemen",
    participant="Werkbedrijf",
    fase=4,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Samen met een werkgever in kaart brengen waar in zijn organisatie werk ligt "
        "voor mensen met een afstand tot de arbeidsmarkt (banenafspraak, bijstand) en "
        "hem adviseren over de stappen naar inclusief werkgeverschap.",
        "Aanleiding": "Een werkgever vraagt een scan inclusief ondernemen aan, bijvoorbeeld "
        "na het accountplan of omdat hij aan de banenafspraak wil bijdragen.",
        "Uitkomsten": "Werkgever doorgeleid naar job carving (taken herverdelen tot nieuwe "
        "functies); geschikte vacatures direct aangemeld bij het "
        "werkgeversservicepunt; of scan afgerond zonder vervolg. Werkgever en "
        "accountmanager werken tegelijk: de werkgever vult de zelfscan in terwijl de "
        "accountmanager de werkprocessen op de werkvloer analyseert.",
        "Wettelijke basis": "Pw art. 7 lid 1 onder b (ondersteuning bij arbeidsinschakeling); "
        "Wet banenafspraak en quotum arbeidsbeperkten; Wet SUWI art. 10 "
        "(regionale werkgeversdienstverlening); gemeentelijke beleidsregels.",
    },
    lanes=["werkgever", ("accountmanager", 2)],
    nodes=[
        N(
            S,
            "start",
            "Scan inclusief ondernemen aangevraagd",
            "werkgever",
            0,
            form=[
                F("aantal_medewerkers", "Aantal medewerkers", "long", min=1, max=100000),
                F("sector", "Sector", maxlength=200),
            ],
        ),
        N(PS, "and", "Scan uitvoeren", "accountmanager", 1),
        N(
            ZS,
            "user",
            "Zelfscan inclusief ondernemen invullen",
            "werkgever",
            2,
            form=[
                F("draagvlak_leiding", "Draagvlak bij leidinggevenden", "boolean"),
                F("begeleiding_op_werkvloer_mogelijk", "Begeleiding op de werkvloer mogelijk", "boolean"),
            ],
        ),
        N(
            WA,
            "user",
            "Werkprocessen op de werkvloer analyseren",
            "accountmanager",
            2,
            form=[
                F("geschikte_taken", "Geschikte taken", maxlength=2000),
                F("uren_geschikt_werk", "Uren geschikt werk per week", "long", min=0, max=2000),
            ],
        ),
        N(PJ, "and", "Scan gereed", "accountmanager", 3),
        N(
            AR,
            "user",
            "Adviesrapport opstellen",
            "accountmanager",
            4,
            form=[
                F(
                    "advies_scan",
                    "Advies",
                    "enum",
                    values=[
                        ("job_carving", "Nieuwe functies creëren (job carving)"),
                        ("vacatures_aanmelden", "Bestaande vacatures openstellen"),
                        ("geen_kansen", "Nu geen kansen"),
                    ],
                ),
                F("adviesrapport", "Adviesrapport", maxlength=4000),
            ],
        ),
        N(
            AB,
            "user",
            "Advies bespreken met werkgever",
            "werkgever",
            5,
            form=[
                F("werkgever_neemt_advies_over", "Werkgever neemt advies over", "boolean"),
                F("reactie_werkgever", "Reactie werkgever", required=False, maxlength=1000),
            ],
        ),
        N(
            GV,
            "xor",
            "Vervolg?",
            "accountmanager",
            6,
            default="Flow_vervolg_scan_naar_scan_afgerond_zonder_vervolg",
        ),
        N(EJ, "end", "Doorgeleid naar job carving", "werkgever", 7),
        N(EV, "end", "Vacatures aangemeld bij werkgeversservicepunt", "accountmanager", 7),
        N(EG, "end", "Scan afgerond zonder vervolg", "accountmanager", 7, row=1),
    ],
    flows=[
        L(S, PS),
        L(PS, ZS),
        L(PS, WA),
        L(ZS, PJ),
        L(WA, PJ),
        L(PJ, AR),
        L(AR, AB),
        L(AB, GV, tgt_port="L"),
        L(
            GV,
            EJ,
            "job carving",
            'werkgever_neemt_advies_over and advies_scan == "job_carving"',
            src_port="T",
        ),
        L(
            GV,
            EV,
            "vacatures aanmelden",
            'werkgever_neemt_advies_over and advies_scan == "vacatures_aanmelden"',
        ),
        L(GV, EG, "geen vervolg"),
    ],
)
