from common import F, N, L

TARGET = "3-re-integratie-en-ontwikkeling/werkvoorzieningen.bpmn"

S = "StartEvent_aanpassing_werkplek_aangevraagd"
PS = "Gateway_onderzoek_splitsen"
WO = "Task_werkplek_onderzoeken"
OF = "Task_offerte_aanleveren"
PJ = "Gateway_onderzoek_samenvoegen"
BK = "Task_besluit_werkvoorziening"
TB = "Timer_beslistermijn_werkvoorziening"
VT = "Task_klant_informeren_over_vertraging"
EVT = "EndEvent_klant_geinformeerd_vertraging"
GB = "Gateway_besluit_werkvoorziening"
BV = "Task_voorziening_verstrekken"
EV = "EndEvent_werkplek_aangepast"
EW = "EndEvent_aanpassing_door_werkgever"
EA = "EndEvent_werkvoorziening_afgewezen"

spec = dict(
    slug="werkvoorzieningen",
    process_id="werkvoorzieningen",
    name="Werkvoorzieningen",
    participant="Werkbedrijf",
    fase=3,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Een klant met een arbeidsbeperking die (gaat) werken een werkplekaanpassing, "
        "hulpmiddel of vervoersvoorziening geven als dat nodig is om het werk te kunnen "
        "doen, voor zover de werkgever die niet zelf hoort te treffen.",
        "Aanleiding": "De klant vraagt, bij de start van een dienstverband of tijdens het werk, om "
        "een voorziening. De jobcoach onderzoekt de werkplek en de werkgever levert "
        "tegelijk een offerte en zijn eigen bijdrage aan.",
        "Uitkomsten": "Werkplek aangepast met een gemeentelijke voorziening; aanpassing door de "
        "werkgever (doeltreffende aanpassing die de werkgever zelf moet treffen); "
        "voorziening afgewezen. Verloopt de beslistermijn van 8 weken, dan wordt de "
        "klant geïnformeerd terwijl de beoordeling doorloopt.",
        "Wettelijke basis": "Pw art. 7 lid 1 onder a en art. 10 (voorzieningen gericht op "
        "arbeidsinschakeling, waaronder werkvoorzieningen); Pw art. 8a "
        "(re-integratieverordening); Wet gelijke behandeling op grond van "
        "handicap of chronische ziekte art. 2 (doeltreffende aanpassingen door "
        "de werkgever); Awb 4:13 (beslistermijn 8 weken).",
    },
    lanes=["klant", "werkgever", "jobcoach", ("klantmanager", 2), "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Aanpassing werkplek aangevraagd",
            "klant",
            0,
            form=[
                F(
                    "soort_voorziening",
                    "Soort voorziening",
                    "enum",
                    values=[
                        ("werkplekaanpassing", "Aanpassing van de werkplek"),
                        ("hulpmiddel", "Hulpmiddel"),
                        ("vervoer", "Vervoersvoorziening"),
                    ],
                ),
                F(
                    "situatie",
                    "Situatie",
                    "enum",
                    values=[
                        ("start_dienstverband", "Start dienstverband"),
                        ("bestaand_dienstverband", "Bestaand dienstverband"),
                    ],
                ),
            ],
        ),
        N(PS, "and", "Onderzoek starten", "jobcoach", 1),
        N(
            WO,
            "user",
            "Werkplek en belastbaarheid onderzoeken",
            "jobcoach",
            2,
            form=[
                F("voorziening_noodzakelijk", "Voorziening noodzakelijk", "boolean"),
                F("advies_jobcoach", "Advies", maxlength=2000),
            ],
        ),
        N(
            OF,
            "user",
            "Offerte en eigen bijdrage aanleveren",
            "werkgever",
            2,
            form=[
                F("kosten_voorziening", "Kosten (euro)", "long", min=0, max=50000),
                F("bijdrage_werkgever", "Bijdrage werkgever (euro)", "long", min=0, max=50000),
            ],
        ),
        N(PJ, "and", "Onderzoek compleet", "jobcoach", 3),
        N(
            BK,
            "user",
            "Besluit op werkvoorziening nemen",
            "klantmanager",
            4,
            form=[
                F(
                    "besluit_voorziening",
                    "Besluit",
                    "enum",
                    values=[
                        ("toekennen", "Toekennen"),
                        ("werkgever_verantwoordelijk", "Aanpassing is taak van de werkgever"),
                        ("afwijzen", "Afwijzen"),
                    ],
                ),
                F("motivering_besluit", "Motivering", maxlength=2000),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 8 weken verstreken",
            attached=BK,
            duration="P8W",
            cancel=False,
            offset=0.75,
        ),
        N(
            VT,
            "user",
            "Klant informeren over overschrijding beslistermijn",
            "klantmanager",
            5,
            row=1,
            form=[
                F("klant_geinformeerd", "Klant geïnformeerd over vertraging", "boolean"),
                F("nieuwe_beslisdatum", "Nieuwe beslisdatum", "date"),
            ],
        ),
        N(EVT, "end", "Klant geïnformeerd over vertraging", "klantmanager", 6, row=1),
        N(
            GB,
            "xor",
            "Besluit?",
            "klantmanager",
            7,
            default="Flow_besluit_werkvoorziening_naar_werkvoorziening_afgewezen",
        ),
        N(
            BV,
            "user",
            "Voorziening verstrekken en betalen",
            "backoffice",
            8,
            form=[
                F("leverancier", "Leverancier", maxlength=200),
                F("leverdatum", "Leverdatum", "date"),
            ],
        ),
        N(EV, "end", "Werkplek aangepast", "backoffice", 9),
        N(EW, "end", "Aanpassing door werkgever", "werkgever", 8),
        N(EA, "end", "Werkvoorziening afgewezen", "klantmanager", 8),
    ],
    flows=[
        L(S, PS),
        L(PS, WO),
        L(PS, OF),
        L(WO, PJ),
        L(OF, PJ),
        L(PJ, BK),
        L(TB, VT),
        L(VT, EVT),
        L(BK, GB),
        L(GB, BV, "toekennen", 'besluit_voorziening == "toekennen"'),
        L(GB, EW, "taak werkgever", 'besluit_voorziening == "werkgever_verantwoordelijk"'),
        L(GB, EA, "afgewezen"),
        L(BV, EV),
    ],
)
