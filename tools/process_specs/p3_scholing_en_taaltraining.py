from common import F, N, L

TARGET = "3-re-integratie-en-ontwikkeling/scholing-en-taaltraining.bpmn"

S = "StartEvent_scholingsbehoefte_vastgesteld"
SP = "Task_scholingsplan_opstellen"
GK = "Gateway_goedkeuring_nodig"
KB = "Task_scholing_goedkeuren"
GG = "Gateway_scholing_goedgekeurd"
EA = "EndEvent_scholing_niet_vergoed"
GM = "Gateway_inschrijving_starten"
IB = "Task_inschrijven_en_betalen"
KV = "Task_opleiding_volgen_en_resultaat_doorgeven"
GR = "Gateway_resultaat_opleiding"
EB = "EndEvent_diploma_behaald"
VB = "Task_vervolg_na_uitval_bepalen"
EN = "EndEvent_plan_bijgesteld_na_uitval"

spec = dict(
    slug="scholing_en_taaltraining",
    process_id="scholing_en_taaltraining",
    name="Scholing en taaltraining",
    participant="Werkbedrijf",
    fase=3,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "De klant een arbeidsmarktgerichte scholing of taaltraining laten volgen die de "
        "kans op werk vergroot, met goedkeuring waar de kosten dat vragen en met een "
        "vastgelegd resultaat.",
        "Aanleiding": "Uit het plan van aanpak blijkt dat de klant scholing nodig heeft: een "
        "taaltraining (beheersing van het Nederlands) of een vakgerichte scholing "
        "(bijvoorbeeld een certificaat of mbo-opleiding richting een kansberoep).",
        "Uitkomsten": "Diploma of certificaat behaald; scholing niet vergoed (afgewezen door de "
        "klantmanager); scholing niet afgerond, waarna de werkcoach het vervolg "
        "bepaalt en het plan van aanpak bijstelt. Vakgerichte scholing boven 2.500 "
        "euro vraagt goedkeuring van de klantmanager (gemeentelijke beleidsregel).",
        "Wettelijke basis": "Pw art. 7 lid 1 onder a en art. 10 (voorzieningen gericht op "
        "arbeidsinschakeling, waaronder scholing); Pw art. 8a "
        "(re-integratieverordening); Pw art. 18b (taaleis en inspanning om "
        "de Nederlandse taal te leren); gemeentelijke beleidsregels (kostendrempel).",
    },
    lanes=["klant", "werkcoach", "klantmanager", "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Scholingsbehoefte vastgesteld",
            "werkcoach",
            0,
            form=[
                F(
                    "soort_scholing",
                    "Soort scholing",
                    "enum",
                    values=[
                        ("taaltraining", "Taaltraining"),
                        ("vakgerichte_scholing", "Vakgerichte scholing"),
                    ],
                ),
                F("datum_vastgesteld", "Datum vastgesteld", "date"),
            ],
        ),
        N(
            SP,
            "user",
            "Scholingsplan opstellen",
            "werkcoach",
            1,
            form=[
                F("opleiding", "Opleiding of training", maxlength=200),
                F("opleider", "Opleider", maxlength=200),
                F("kosten_scholing", "Kosten (euro)", "long", min=0, max=20000),
                F("duur_maanden", "Duur in maanden", "long", min=1, max=24),
            ],
        ),
        N(
            GK,
            "xor",
            "Goedkeuring nodig?",
            "werkcoach",
            2,
            default="Flow_goedkeuring_nodig_naar_inschrijving_starten",
        ),
        N(
            KB,
            "user",
            "Scholing goedkeuren",
            "klantmanager",
            3,
            form=[
                F(
                    "besluit_scholing",
                    "Besluit",
                    "enum",
                    values=[("goedgekeurd", "Goedgekeurd"), ("afgewezen", "Afgewezen")],
                ),
                F("motivering_scholing", "Motivering", maxlength=2000),
            ],
        ),
        N(
            GG,
            "xor",
            "Goedgekeurd?",
            "klantmanager",
            4,
            default="Flow_scholing_goedgekeurd_naar_scholing_niet_vergoed",
        ),
        N(EA, "end", "Scholing niet vergoed", "klantmanager", 5),
        N(GM, "xor", "Inschrijving starten", "werkcoach", 5),
        N(
            IB,
            "user",
            "Inschrijven en opleidingskosten betalen",
            "backoffice",
            6,
            form=[
                F("inschrijfdatum", "Inschrijfdatum", "date"),
                F("factuurbedrag", "Factuurbedrag (euro)", "long", min=0, max=20000),
            ],
        ),
        N(
            KV,
            "user",
            "Opleiding volgen en resultaat doorgeven",
            "klant",
            7,
            form=[
                F(
                    "resultaat_opleiding",
                    "Resultaat",
                    "enum",
                    values=[
                        ("behaald", "Diploma of certificaat behaald"),
                        ("niet_behaald", "Examen niet behaald"),
                        ("voortijdig_gestopt", "Voortijdig gestopt"),
                    ],
                ),
                F("toelichting_resultaat", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            GR,
            "xor",
            "Behaald?",
            "klant",
            8,
            default="Flow_resultaat_opleiding_naar_vervolg_na_uitval_bepalen",
        ),
        N(EB, "end", "Diploma of certificaat behaald", "klant", 9),
        N(
            VB,
            "user",
            "Vervolg na uitval bepalen",
            "werkcoach",
            9,
            form=[
                F(
                    "vervolg_na_uitval",
                    "Vervolg",
                    "enum",
                    values=[
                        ("herkansing", "Herkansing of later opnieuw starten"),
                        ("ander_traject", "Ander traject"),
                        ("verwijtbaarheid_onderzoeken", "Verwijtbaarheid laten onderzoeken"),
                    ],
                ),
                F("toelichting_vervolg", "Toelichting", maxlength=2000),
            ],
        ),
        N(EN, "end", "Plan van aanpak bijgesteld na uitval", "werkcoach", 10),
    ],
    flows=[
        L(S, SP),
        L(SP, GK),
        L(
            GK,
            KB,
            "vakscholing boven drempel",
            'soort_scholing == "vakgerichte_scholing" and kosten_scholing > 2500',
        ),
        L(GK, GM, "geen goedkeuring nodig"),
        L(KB, GG),
        L(GG, GM, "goedgekeurd", 'besluit_scholing == "goedgekeurd"'),
        L(GG, EA, "afgewezen"),
        L(GM, IB),
        L(IB, KV),
        L(KV, GR),
        L(GR, EB, "behaald", 'resultaat_opleiding == "behaald"'),
        L(GR, VB, "niet behaald of gestopt"),
        L(VB, EN),
    ],
)
