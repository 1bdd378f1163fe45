from common import F, N, L

TARGET = "5-instrumenten/jobcoaching-aanvragen-en-verlengen.bpmn"

S = "StartEvent_jobcoaching_aangevraagd"
JP = "Task_jobcoachplan_opstellen"
TK = "Task_jobcoaching_toekennen"
GT = "Gateway_jobcoaching_toegekend"
EA = "EndEvent_jobcoaching_afgewezen"
GP = "Gateway_periode_starten"
TM = "Timer_einde_periode_nadert"
PS = "Gateway_evaluatie_starten"
EJ = "Task_begeleiding_evalueren"
EW = "Task_ervaringen_werkgever"
PJ = "Gateway_evaluatie_compleet"
VB = "Task_verlenging_beoordelen"
GV = "Gateway_verlengen"
EF = "EndEvent_jobcoaching_afgerond"

spec = dict(
    slug="jobcoaching_aanvragen_en_verlengen",
    process_id="jobcoaching_aanvragen_en_verlengen",
    name="Jobcoaching aanvragen en verlengen",
    participant="Werkbedrijf",
    fase=5,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "De werknemer met loonkostensubsidie zo lang als nodig begeleiding op de werkplek "
        "geven, zodat het dienstverband duurzaam wordt, en de jobcoaching afbouwen zodra "
        "de werknemer zelfstandig functioneert.",
        "Aanleiding": "De werkgever (of de werknemer) vraagt jobcoaching aan voor een werknemer die "
        "met loonkostensubsidie aan het werk is of gaat.",
        "Uitkomsten": "Jobcoaching toegekend voor een periode (gemeentelijk beleid: per 6 maanden), "
        "na evaluatie met jobcoach en werkgever verlengd of afgerond omdat de werknemer "
        "zelfstandig functioneert; of aanvraag afgewezen.",
        "Wettelijke basis": "Pw art. 10da (voorziening begeleiding op de werkplek bij "
        "loonkostensubsidie); Pw art. 10 (voorzieningen gericht op "
        "arbeidsinschakeling); gemeentelijke re-integratieverordening "
        "(duur, intensiteit en verlenging).",
    },
    lanes=["werkgever", "jobcoach", ("klantmanager", 2)],
    nodes=[
        N(
            S,
            "start",
            "Jobcoaching aangevraagd",
            "werkgever",
            0,
            form=[
                F("datum_aanvraag", "Datum aanvraag", "date"),
                F("startdatum_werk", "Startdatum werk", "date"),
            ],
        ),
        N(
            JP,
            "user",
            "Begeleidingsbehoefte vaststellen en jobcoachplan opstellen",
            "jobcoach",
            1,
            form=[
                F(
                    "intensiteit",
                    "Intensiteit",
                    "enum",
                    values=[("licht", "Licht"), ("midden", "Midden"), ("intensief", "Intensief")],
                ),
                F("uren_per_maand", "Begeleidingsuren per maand", "long", min=1, max=40),
                F("doelen_jobcoaching", "Doelen", maxlength=2000),
            ],
        ),
        N(
            TK,
            "user",
            "Jobcoaching toekennen",
            "klantmanager",
            2,
            form=[
                F(
                    "besluit_jobcoaching",
                    "Besluit",
                    "enum",
                    values=[("toekennen", "Toekennen"), ("afwijzen", "Afwijzen")],
                ),
                F("motivering_besluit", "Motivering", maxlength=2000),
            ],
        ),
        N(
            GT,
            "xor",
            "Toegekend?",
            "klantmanager",
            3,
            default="Flow_jobcoaching_toegekend_naar_jobcoaching_afgewezen",
        ),
        N(EA, "end", "Jobcoaching afgewezen", "klantmanager", 4, row=1),
        N(GP, "xor", "Periode (opnieuw) starten", "jobcoach", 4),
        N(TM, "timer", "Einde periode nadert (5 maanden)", "jobcoach", 5, duration="P5M"),
        N(PS, "and", "Evaluatie starten", "jobcoach", 6),
        N(
            EJ,
            "user",
            "Begeleiding evalueren",
            "jobcoach",
            7,
            form=[
                F("doelen_bereikt", "Doelen bereikt", "boolean"),
                F(
                    "advies_jobcoach",
                    "Advies",
                    "enum",
                    values=[
                        ("afbouwen", "Afbouwen"),
                        ("voortzetten", "Voortzetten"),
                        ("intensiveren", "Intensiveren"),
                    ],
                ),
            ],
        ),
        N(
            EW,
            "user",
            "Ervaringen werkgever doorgeven",
            "werkgever",
            7,
            form=[
                F("werknemer_zelfstandiger", "Werknemer werkt zelfstandiger", "boolean"),
                F("toelichting_werkgever", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(PJ, "and", "Evaluatie compleet", "jobcoach", 8),
        N(
            VB,
            "user",
            "Verlenging beoordelen",
            "klantmanager",
            9,
            form=[
                F("verlengen", "Jobcoaching verlengen", "boolean"),
                F("motivering_verlenging", "Motivering", maxlength=2000),
            ],
        ),
        N(GV, "xor", "Verlengen?", "klantmanager", 10, default="Flow_verlengen_naar_jobcoaching_afgerond"),
        N(EF, "end", "Jobcoaching afgerond: werknemer werkt zelfstandig", "klantmanager", 11),
    ],
    flows=[
        L(S, JP),
        L(JP, TK),
        L(TK, GT),
        L(GT, GP, "toegekend", 'besluit_jobcoaching == "toekennen"'),
        L(GT, EA, "afgewezen"),
        L(GP, TM),
        L(TM, PS),
        L(PS, EJ),
        L(PS, EW),
        L(EJ, PJ),
        L(EW, PJ),
        L(PJ, VB),
        L(VB, GV),
        L(GV, GP, "verlengen", "verlengen"),
        L(GV, EF, "afronden"),
    ],
)
