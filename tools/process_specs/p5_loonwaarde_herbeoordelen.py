from common import F, N, L

TARGET = "5-instrumenten/loonwaarde-herbeoordelen.bpmn"

S = "StartEvent_herbeoordeling_aan_de_orde"
PS = "Gateway_informatie_opvragen"
WG = "Task_actuele_taken_doorgeven"
JC = "Task_ontwikkeling_rapporteren"
PJ = "Gateway_informatie_ontvangen"
HB = "Task_loonwaarde_opnieuw_bepalen"
GU = "Gateway_uitkomst_herbeoordeling"
EO = "EndEvent_loonwaarde_ongewijzigd"
HZ = "Task_lks_herzien"
EH = "EndEvent_lks_herzien"
BE = "Task_lks_beeindigen"
EB = "EndEvent_lks_beeindigd"

spec = dict(
    slug="loonwaarde_herbeoordelen",
    process_id="loonwaarde_herbeoordelen",
    name="Loonwaarde herbeoordelen",
    participant="Werkbedrijf",
    fase=5,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "De loonwaarde actueel houden, zodat de loonkostensubsidie blijft passen bij wat "
        "de werknemer werkelijk presteert (ontwikkeling of terugval).",
        "Aanleiding": "De geldigheid van de vastgestelde loonwaarde loopt af (periodieke "
        "herbeoordeling), de functie of taken zijn gewijzigd, of de werkgever of "
        "jobcoach signaleert een blijvende verandering in de productiviteit.",
        "Uitkomsten": "Loonwaarde ongewijzigd, loonkostensubsidie loopt door; loonwaarde gewijzigd "
        "en LKS-beschikking herzien; volledige loonwaarde bereikt en "
        "loonkostensubsidie beëindigd (werknemer verdient zelfstandig het minimumloon).",
        "Wettelijke basis": "Pw art. 10d (loonkostensubsidie, periodieke vaststelling loonwaarde); "
        "Besluit loonkostensubsidie Participatiewet 2021 (loonwaardebepaling op "
        "de werkplek); Awb 4:48 e.v. (wijziging subsidieverlening); "
        "gemeentelijke beleidsregels (termijn herbeoordeling).",
    },
    lanes=["werkgever", "loonwaardedeskundige", "jobcoach", ("klantmanager", 2)],
    nodes=[
        N(
            S,
            "start",
            "Herbeoordeling loonwaarde aan de orde",
            "loonwaardedeskundige",
            0,
            form=[
                F(
                    "aanleiding_herbeoordeling",
                    "Aanleiding",
                    "enum",
                    values=[
                        ("periodiek", "Geldigheid loonwaarde loopt af"),
                        ("wijziging_functie", "Functie of taken gewijzigd"),
                        ("signaal_productiviteit", "Signaal over productiviteit"),
                    ],
                ),
                F("huidige_loonwaarde", "Huidige loonwaarde (%)", "long", min=0, max=99),
            ],
        ),
        N(PS, "and", "Informatie opvragen", "loonwaardedeskundige", 1),
        N(
            WG,
            "user",
            "Actuele taken en functioneren doorgeven",
            "werkgever",
            2,
            form=[
                F("taken_gewijzigd", "Taken of functie gewijzigd", "boolean"),
                F("toelichting_werkgever", "Toelichting functioneren", maxlength=2000),
            ],
        ),
        N(
            JC,
            "user",
            "Ontwikkeling werknemer rapporteren",
            "jobcoach",
            2,
            form=[
                F(
                    "ontwikkeling",
                    "Ontwikkeling",
                    "enum",
                    values=[
                        ("gegroeid", "Gegroeid"),
                        ("stabiel", "Stabiel"),
                        ("teruggevallen", "Teruggevallen"),
                    ],
                ),
                F("begeleiding_nog_nodig", "Begeleiding nog nodig", "boolean"),
            ],
        ),
        N(PJ, "and", "Informatie ontvangen", "loonwaardedeskundige", 3),
        N(
            HB,
            "user",
            "Loonwaarde opnieuw bepalen op de werkplek",
            "loonwaardedeskundige",
            4,
            form=[
                F("nieuwe_loonwaarde", "Nieuwe loonwaarde (%)", "long", min=0, max=100),
                F("volgende_herbeoordeling", "Volgende herbeoordeling", "date"),
                F("rapportage_herbeoordeling", "Rapportage", maxlength=4000),
            ],
        ),
        N(
            GU,
            "xor",
            "Uitkomst herbeoordeling?",
            "loonwaardedeskundige",
            5,
            default="Flow_uitkomst_herbeoordeling_naar_loonwaarde_ongewijzigd",
        ),
        N(EO, "end", "Loonwaarde ongewijzigd: LKS loopt door", "werkgever", 6),
        N(
            HZ,
            "user",
            "LKS-beschikking herzien",
            "klantmanager",
            6,
            form=[
                F(
                    "nieuw_lks_per_maand",
                    "Nieuwe loonkostensubsidie per maand (euro)",
                    "long",
                    min=1,
                    max=5000,
                ),
                F("ingangsdatum_herziening", "Ingangsdatum herziening", "date"),
            ],
        ),
        N(EH, "end", "Loonkostensubsidie herzien", "klantmanager", 7),
        N(
            BE,
            "user",
            "Loonkostensubsidie beëindigen",
            "klantmanager",
            6,
            row=1,
            form=[
                F("einddatum_lks", "Einddatum loonkostensubsidie", "date"),
                F("motivering_beeindiging", "Motivering", maxlength=2000),
            ],
        ),
        N(EB, "end", "Werknemer verdient minimumloon: LKS beëindigd", "klantmanager", 7, row=1),
    ],
    flows=[
        L(S, PS),
        L(PS, WG),
        L(PS, JC),
        L(WG, PJ),
        L(JC, PJ),
        L(PJ, HB),
        L(HB, GU),
        L(GU, BE, "volledige loonwaarde", "nieuwe_loonwaarde >= 100"),
        L(
            GU,
            HZ,
            "loonwaarde gewijzigd",
            "nieuwe_loonwaarde < 100 and nieuwe_loonwaarde != huidige_loonwaarde",
            src_port="R",
        ),
        L(GU, EO, "ongewijzigd", src_port="T"),
        L(HZ, EH),
        L(BE, EB),
    ],
)
