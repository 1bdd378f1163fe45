from common import F, N, L

TARGET = "5-instrumenten/interne-werkbegeleiding.bpmn"

S = "StartEvent_interne_werkbegeleiding_aangevraagd"
BB = "Task_begeleidingsbehoefte_beoordelen"
GP = "Gateway_interne_begeleiding_passend"
EE = "EndEvent_externe_jobcoaching_geadviseerd"
GO = "Gateway_begeleider_opgeleid"
OP = "Task_begeleider_opleiden"
GK = "Gateway_klaar_voor_toekenning"
TK = "Task_vergoeding_toekennen"
TM = "Timer_halfjaar_begeleiding"
VA = "Task_begeleiding_verantwoorden"
VU = "Task_vergoeding_vaststellen_en_uitbetalen"
EV = "EndEvent_interne_werkbegeleiding_vergoed"

spec = dict(
    slug="interne_werkbegeleiding",
    process_id="interne_werkbegeleiding",
    name="Interne werkbegeleiding",
    participant="Werkbedrijf",
    fase=5,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "De werkgever in staat stellen de werknemer met een arbeidsbeperking zelf op de "
        "werkplek te begeleiden (interne jobcoach of werkbegeleider), met een vergoeding "
        "van de gemeente, zodat de plaatsing duurzaam is zonder externe jobcoach.",
        "Aanleiding": "De werkgever vraagt een vergoeding aan voor interne werkbegeleiding van een "
        "werknemer die met loonkostensubsidie (of beschut werk) bij hem werkt.",
        "Uitkomsten": "Vergoeding interne werkbegeleiding toegekend, zo nodig na opleiding van de "
        "interne begeleider, en na een half jaar op basis van de verantwoording "
        "vastgesteld en uitbetaald; of externe jobcoaching geadviseerd omdat interne "
        "begeleiding niet volstaat.",
        "Wettelijke basis": "Pw art. 10da (begeleiding op de werkplek bij loonkostensubsidie); "
        "Pw art. 10 (voorzieningen gericht op arbeidsinschakeling); Awb 4:46 "
        "(vaststelling subsidie); gemeentelijke re-integratieverordening "
        "(vergoeding interne werkbegeleiding, opleidingseis).",
    },
    lanes=["werkgever", ("jobcoach", 2), "klantmanager", "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Interne werkbegeleiding aangevraagd",
            "werkgever",
            0,
            form=[
                F("begeleider_opgeleid", "Begeleider heeft opleiding interne jobcoach gevolgd", "boolean"),
                F("begeleidingsuren_per_week", "Begeleidingsuren per week", "long", min=1, max=20),
            ],
        ),
        N(
            BB,
            "user",
            "Begeleidingsbehoefte op de werkplek beoordelen",
            "jobcoach",
            1,
            form=[
                F("interne_begeleiding_volstaat", "Interne begeleiding volstaat", "boolean"),
                F("advies_begeleiding", "Advies", maxlength=2000),
            ],
        ),
        N(
            GP,
            "xor",
            "Interne begeleiding passend?",
            "jobcoach",
            2,
            default="Flow_interne_begeleiding_passend_naar_externe_jobcoaching_geadviseerd",
        ),
        N(EE, "end", "Externe jobcoaching geadviseerd", "jobcoach", 2, row=1),
        N(
            GO,
            "xor",
            "Begeleider opgeleid?",
            "jobcoach",
            3,
            default="Flow_begeleider_opgeleid_naar_begeleider_opleiden",
        ),
        N(
            OP,
            "user",
            "Begeleider laten opleiden tot interne jobcoach",
            "werkgever",
            4,
            form=[
                F("opleiding_afgerond_op", "Opleiding afgerond op", "date"),
                F("opleider", "Opleider", maxlength=200),
            ],
        ),
        N(GK, "xor", "Klaar voor toekenning", "klantmanager", 5),
        N(
            TK,
            "user",
            "Vergoeding interne werkbegeleiding toekennen",
            "klantmanager",
            6,
            form=[
                F("vergoeding_per_maand", "Vergoeding per maand (euro)", "long", min=1, max=2000),
                F("ingangsdatum_vergoeding", "Ingangsdatum", "date"),
                F("looptijd_maanden", "Looptijd (maanden)", "long", min=1, max=24),
            ],
        ),
        N(TM, "timer", "Half jaar begeleiding verstreken", "klantmanager", 7, duration="P6M"),
        N(
            VA,
            "user",
            "Begeleiding verantwoorden",
            "werkgever",
            8,
            form=[
                F("geleverde_begeleidingsuren", "Geleverde begeleidingsuren", "long", min=0, max=1000),
                F("werknemer_zelfstandiger", "Werknemer werkt zelfstandiger", "boolean"),
            ],
        ),
        N(
            VU,
            "user",
            "Vergoeding vaststellen en uitbetalen",
            "backoffice",
            9,
            form=[
                F("vastgesteld_bedrag", "Vastgesteld bedrag (euro)", "long", min=0, max=24000),
                F("betaaldatum", "Betaaldatum", "date"),
            ],
        ),
        N(EV, "end", "Interne werkbegeleiding vergoed", "backoffice", 10),
    ],
    flows=[
        L(S, BB),
        L(BB, GP),
        L(GP, GO, "passend", "interne_begeleiding_volstaat"),
        L(GP, EE, "niet passend"),
        L(GO, GK, "opgeleid", "begeleider_opgeleid", src_port="B"),
        L(GO, OP, "opleiding nodig"),
        L(OP, GK, tgt_port="T"),
        L(GK, TK),
        L(TK, TM),
        L(TM, VA),
        L(VA, VU),
        L(VU, EV),
    ],
)
