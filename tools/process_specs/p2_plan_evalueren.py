from common import F, N, L

TARGET = "2-intake-diagnose-en-plan/plan-van-aanpak-evalueren.bpmn"

S = "StartEvent_plan_vastgesteld"
M = "Gateway_volgende_evaluatieperiode"
T = "Timer_evaluatiemoment"
ZE = "Task_voortgang_voorbereiden"
EG = "Task_evaluatiegesprek_voeren"
GV = "Gateway_voortgang"
ED = "EndEvent_doel_bereikt"
BS = "Task_afwijking_beoordelen"
GB = "Gateway_besluit_afwijking"
EA = "EndEvent_andere_route"
EM = "EndEvent_voorgelegd_voor_maatregel"

spec = dict(
    slug="plan_van_aanpak_evalueren",
    process_id="plan_van_aanpak_evalueren",
    name="Plan van aanpak evalueren",
    participant="Werkbedrijf",
    fase=2,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Het plan van aanpak periodiek met de klant evalueren en zo nodig bijstellen, zodat "
        "het traject naar werk of participatie blijft lopen en afwijkingen op tijd bij de "
        "klantmanager komen.",
        "Aanleiding": "Er is een plan van aanpak vastgesteld. Elk kwartaal (gemeentelijke norm, "
        "timer P3M) bereidt de klant de evaluatie voor en voert de werkcoach het "
        "evaluatiegesprek.",
        "Uitkomsten": "Doel van het plan bereikt; plan ongewijzigd of bijgesteld voortgezet (volgende "
        "evaluatieperiode); plan beëindigd en klant naar een andere route; of "
        "verwijtbaar niet meewerken voorgelegd voor een maatregel.",
        "Wettelijke basis": "Pw art. 44a (plan van aanpak: periodiek evalueren en zo nodig bijstellen); "
        "Pw art. 9 lid 1 onder b (meewerken aan voorzieningen); Pw art. 18 lid 2 "
        "(maatregel); gemeentelijke re-integratieverordening (Pw art. 8a).",
    },
    lanes=["klant", "werkcoach", ("klantmanager", 2)],
    nodes=[
        N(
            S,
            "start",
            "Plan van aanpak vastgesteld",
            "werkcoach",
            0,
            form=[
                F("datum_vaststelling_plan", "Datum vaststelling plan", "date"),
                F("einddatum_plan", "Einddatum plan", "date"),
            ],
        ),
        N(M, "xor", "Volgende evaluatieperiode", "werkcoach", 1),
        N(T, "timer", "Evaluatiemoment na 3 maanden", "werkcoach", 2, duration="P3M"),
        N(
            ZE,
            "user",
            "Voortgang voorbereiden (zelfevaluatie)",
            "klant",
            3,
            form=[
                F(
                    "oordeel_klant",
                    "Hoe gaat het volgens u?",
                    "enum",
                    values=[("goed", "Goed"), ("wisselend", "Wisselend"), ("slecht", "Niet goed")],
                ),
                F("knelpunten_klant", "Knelpunten", required=False, maxlength=1000),
            ],
        ),
        N(
            EG,
            "user",
            "Evaluatiegesprek voeren",
            "werkcoach",
            4,
            form=[
                F(
                    "voortgang",
                    "Voortgang",
                    "enum",
                    values=[
                        ("op_schema", "Op schema, plan loopt door"),
                        ("doel_bereikt", "Doel bereikt"),
                        ("afwijking", "Afwijking van het plan"),
                    ],
                ),
                F("medewerking_voldoende", "Klant werkt voldoende mee", "boolean"),
                F("verslag_evaluatie", "Verslag evaluatie", maxlength=2000),
            ],
        ),
        N(GV, "xor", "Voortgang?", "werkcoach", 5, default="Flow_voortgang_naar_afwijking_beoordelen"),
        N(ED, "end", "Doel plan van aanpak bereikt", "klant", 6),
        N(
            BS,
            "user",
            "Afwijking beoordelen",
            "klantmanager",
            6,
            form=[
                F(
                    "besluit_afwijking",
                    "Besluit",
                    "enum",
                    values=[
                        ("bijstellen", "Plan bijstellen en voortzetten"),
                        ("andere_route", "Plan beëindigen, andere route"),
                        ("maatregel", "Verwijtbaar niet meewerken: maatregel onderzoeken"),
                    ],
                ),
                F("toelichting_besluit", "Toelichting", maxlength=2000),
            ],
        ),
        N(GB, "xor", "Besluit?", "klantmanager", 7, default="Flow_besluit_afwijking_naar_andere_route"),
        N(EA, "end", "Plan beëindigd, klant naar andere route", "klantmanager", 8),
        N(EM, "end", "Voorgelegd voor maatregel", "klantmanager", 8, row=1),
    ],
    flows=[
        L(S, M),
        L(M, T),
        L(T, ZE),
        L(ZE, EG),
        L(EG, GV),
        L(GV, ED, "doel bereikt", 'voortgang == "doel_bereikt"'),
        L(GV, M, "op schema", 'voortgang == "op_schema"'),
        L(GV, BS, "afwijking"),
        L(BS, GB),
        L(GB, M, "bijstellen", 'besluit_afwijking == "bijstellen"'),
        L(GB, EM, "maatregel onderzoeken", 'besluit_afwijking == "maatregel"'),
        L(GB, EA, "andere route"),
    ],
)
