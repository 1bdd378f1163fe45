from common import F, N, L

TARGET = "2-intake-diagnose-en-plan/diagnose-arbeidsvermogen-en-route-bepalen.bpmn"

S = "StartEvent_verwezen_voor_diagnose"
G1 = "Gateway_diagnose_nodig"
EZ = "EndEvent_zonder_diagnose_naar_werk"
DG = "Task_diagnosegesprek_voeren"
G2 = "Gateway_beoordelingsmethode"
LW = "Task_indicatieve_loonwaarde_inschatten"
TM = "Task_time_to_market_inschatten"
J = "Gateway_beoordeling_gereed"
RB = "Task_route_vaststellen"
G3 = "Gateway_route"
EW = "EndEvent_route_werk"
EO = "EndEvent_route_ontwikkeltraject"
EA = "EndEvent_route_arbeidsbeperking"
EP = "EndEvent_route_participatie"

spec = dict(
    slug="diagnose_arbeidsvermogen_en_route_bepalen",
    process_id="diagnose_arbeidsvermogen_en_route_bepalen",
    name="Diagnose arbeidsvermogen en route bepalen",
    participant="Werkbedrijf",
    fase=2,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Vaststellen wat de klant kan (belastbaarheid, competenties, verdiencapaciteit of "
        "tijd tot loonvormend werk) en hem de route geven die daarbij past: werk, "
        "ontwikkeltraject, instrumenten voor mensen met een arbeidsbeperking, of participatie.",
        "Aanleiding": "De klantmanager verwijst de klant na de brede intake door voor diagnose. "
        "Of iedereen een diagnose krijgt, hangt af van het beleid van de gemeente "
        "(profiel.diagnose_vooraf); bij selectieve diagnose alleen klanten die een "
        "begeleid traject nodig hebben. De gemeente beoordeelt kandidaten op "
        "loonwaarde of op time to market (profiel.kandidaatbeoordeling, met "
        "profiel.time_to_market_maanden als norm).",
        "Uitkomsten": "Klant zonder diagnose direct naar werkgeversdienstverlening; of na diagnose: "
        "route werk, route ontwikkeltraject, route arbeidsbeperking (loonkostensubsidie "
        "of beschut werk onderzoeken) of route participatie en activering.",
        "Wettelijke basis": "Pw art. 7 lid 1 onder a en b (arbeidsinschakeling, ondersteuning); "
        "Pw art. 44a (plan van aanpak op basis van de mogelijkheden van de klant); "
        "Pw art. 6 lid 1 onder e en art. 10d (arbeidsbeperking, loonwaarde); "
        "Pw art. 8a (re-integratieverordening); gemeentelijke beleidsregels.",
    },
    lanes=[("klantmanager", 3), "werkcoach", "loonwaardedeskundige"],
    nodes=[
        N(
            S,
            "start",
            "Klant verwezen voor diagnose",
            "klantmanager",
            0,
            row=1,
            form=[
                F("datum_verwijzing", "Datum verwijzing", "date"),
                F("begeleid_traject_nodig", "Klant heeft een begeleid traject nodig", "boolean"),
            ],
        ),
        N(
            G1,
            "xor",
            "Diagnose nodig?",
            "klantmanager",
            1,
            row=1,
            default="Flow_diagnose_nodig_naar_zonder_diagnose_naar_werk",
        ),
        N(EZ, "end", "Klant zonder diagnose naar werkgeversdienstverlening", "klantmanager", 2, row=0),
        N(
            DG,
            "user",
            "Diagnosegesprek voeren en arbeidsvermogen beoordelen",
            "werkcoach",
            2,
            form=[
                F("belastbare_uren_per_week", "Belastbare uren per week", "long", min=0, max=40),
                F(
                    "beperking",
                    "Aard van de beperking",
                    "enum",
                    values=[
                        ("geen", "Geen"),
                        ("lichamelijk", "Lichamelijk"),
                        ("psychisch", "Psychisch"),
                        ("verstandelijk", "Verstandelijk"),
                        ("meervoudig", "Meervoudig"),
                    ],
                ),
                F("competenties", "Competenties en werkervaring", maxlength=1000),
            ],
        ),
        N(
            G2,
            "xor",
            "Beoordeling op loonwaarde of time to market?",
            "werkcoach",
            3,
            default="Flow_beoordelingsmethode_naar_time_to_market_inschatten",
        ),
        N(
            TM,
            "user",
            "Time to market inschatten",
            "werkcoach",
            4,
            form=[
                F(
                    "maanden_tot_loonvormend_werk",
                    "Verwachte maanden tot loonvormend werk",
                    "long",
                    min=0,
                    max=60,
                ),
                F("ontwikkelpunten", "Ontwikkelpunten", maxlength=1000),
            ],
        ),
        N(
            LW,
            "user",
            "Indicatieve loonwaarde inschatten",
            "loonwaardedeskundige",
            4,
            form=[
                F("indicatieve_loonwaarde", "Indicatieve loonwaarde (% van het WML)", "long", min=0, max=100),
                F("toelichting_loonwaarde", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(J, "xor", "Beoordeling gereed", "werkcoach", 5),
        N(
            RB,
            "user",
            "Route vaststellen",
            "klantmanager",
            6,
            row=1,
            form=[
                F(
                    "route",
                    "Route",
                    "enum",
                    values=[
                        ("werk", "Werk (matchbaar)"),
                        ("ontwikkeltraject", "Ontwikkeltraject naar werk"),
                        ("arbeidsbeperking", "Arbeidsbeperking: loonkostensubsidie of beschut werk"),
                        ("participatie", "Participatie en activering"),
                    ],
                ),
                F("onderbouwing_route", "Onderbouwing", maxlength=2000),
            ],
        ),
        N(G3, "xor", "Route?", "klantmanager", 7, row=1, default="Flow_route_naar_route_ontwikkeltraject"),
        N(EW, "end", "Route werk: naar werkgeversdienstverlening", "klantmanager", 8, row=0),
        N(EP, "end", "Route participatie en activering", "klantmanager", 8, row=1),
        N(EO, "end", "Route ontwikkeltraject naar werk", "klantmanager", 8, row=2),
        N(EA, "end", "Route arbeidsbeperking: LKS of beschut werk onderzoeken", "werkcoach", 8),
    ],
    flows=[
        L(S, G1),
        L(G1, DG, "diagnose", "profiel.diagnose_vooraf or begeleid_traject_nodig"),
        L(G1, EZ, "geen diagnose"),
        L(DG, G2),
        L(G2, LW, "loonwaarde", 'profiel.kandidaatbeoordeling == "loonwaarde"'),
        L(G2, TM, "time to market"),
        L(LW, J),
        L(TM, J),
        L(J, RB),
        L(RB, G3),
        L(G3, EW, "werk", 'route == "werk"'),
        L(G3, EA, "arbeidsbeperking", 'route == "arbeidsbeperking"'),
        L(G3, EP, "participatie", 'route == "participatie"'),
        L(G3, EO, "ontwikkeltraject"),
    ],
)
