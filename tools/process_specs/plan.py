from common import F, N, L

TARGET = "2-intake-diagnose-en-plan/plan-van-aanpak-opstellen.bpmn"

S = "StartEvent_klant_verwezen"
IN = "Task_intakegesprek_voeren"
DI = "Task_diagnose_en_route_bepalen"
GR = "Gateway_route"
EO = "EndEvent_doorverwezen_ontheffing"
MP = "Gateway_plan_opstellen"
PL = "Task_plan_van_aanpak_opstellen"
KL = "Task_plan_bespreken_en_ondertekenen"
GA = "Gateway_klant_akkoord"
GK = "Task_plan_van_aanpak_goedkeuren"
GG = "Gateway_plan_goedgekeurd"
EV = "EndEvent_plan_vastgesteld"

spec = dict(
    slug="plan_van_aanpak_opstellen",
    process_id="plan_van_aanpak_opstellen",
    name="Plan van aanpak opstellen",
    participant="Werkbedrijf",
    fase=2,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Samen met de klant een gedragen plan van aanpak vastleggen met doelen, "
        "activiteiten en planning richting werk of participatie.",
        "Aanleiding": "De klantmanager heeft de klant (na toekenning of bij melding) verwezen "
        "naar de werkcoach voor intake, diagnose en plan.",
        "Uitkomsten": "Plan van aanpak vastgesteld (door de klant ondertekend en door de "
        "klantmanager goedgekeurd); of klant doorverwezen voor een ontheffing van "
        "de arbeidsverplichting wanneer de diagnose uitwijst dat een plan nu niet past.",
        "Wettelijke basis": "Pw art. 44a (plan van aanpak); Pw art. 7 lid 1 onder b "
        "(ondersteuning bij arbeidsinschakeling); Pw art. 9 lid 1 en lid 2 "
        "(arbeidsverplichtingen en ontheffing).",
    },
    lanes=["klant", "werkcoach", "klantmanager"],
    nodes=[
        N(
            S,
            "start",
            "Klant verwezen naar werkcoach",
            "klantmanager",
            0,
            form=[
                F("datum_verwijzing", "Datum verwijzing", "date"),
            ],
        ),
        N(
            IN,
            "user",
            "Intakegesprek voeren",
            "werkcoach",
            1,
            form=[
                F(
                    "opleidingsniveau",
                    "Opleidingsniveau",
                    "enum",
                    values=[
                        ("geen_startkwalificatie", "Geen startkwalificatie"),
                        ("mbo", "Mbo 2 of hoger"),
                        ("hbo_wo", "Hbo of wo"),
                    ],
                ),
                F("werkervaring_jaren", "Jaren werkervaring", "long", min=0, max=50),
                F("belemmeringen", "Belemmeringen", required=False, maxlength=1000),
            ],
        ),
        N(
            DI,
            "user",
            "Diagnose arbeidsvermogen en route bepalen",
            "werkcoach",
            2,
            form=[
                F(
                    "route",
                    "Route",
                    "enum",
                    values=[
                        ("direct_werk", "Direct naar werk"),
                        ("traject_naar_werk", "Traject naar werk"),
                        ("participatie", "Participatie en activering"),
                        ("ontheffing", "Tijdelijke ontheffing arbeidsverplichting"),
                    ],
                ),
                F("onderbouwing_diagnose", "Onderbouwing diagnose", maxlength=2000),
            ],
        ),
        N(GR, "xor", "Plan van aanpak passend?", "werkcoach", 3, default="Flow_route_naar_plan_opstellen"),
        N(EO, "end", "Doorverwezen voor ontheffing arbeidsverplichting", "klantmanager", 3),
        N(MP, "xor", "Plan (opnieuw) opstellen", "werkcoach", 4),
        N(
            PL,
            "user",
            "Plan van aanpak opstellen",
            "werkcoach",
            5,
            form=[
                F("doelen", "Doelen", maxlength=2000),
                F("activiteiten", "Activiteiten en planning", maxlength=2000),
                F("einddatum_plan", "Einddatum plan", "date"),
            ],
        ),
        N(
            KL,
            "user",
            "Plan van aanpak bespreken en ondertekenen",
            "klant",
            6,
            form=[
                F("akkoord_klant", "Akkoord met plan van aanpak", "boolean"),
                F("opmerkingen_klant", "Opmerkingen", required=False, maxlength=1000),
            ],
        ),
        N(GA, "xor", "Klant akkoord?", "klant", 7, default="Flow_klant_akkoord_naar_plan_opstellen"),
        N(
            GK,
            "user",
            "Plan van aanpak goedkeuren",
            "klantmanager",
            8,
            form=[
                F(
                    "goedkeuring_plan",
                    "Goedkeuring",
                    "enum",
                    values=[("goedgekeurd", "Goedgekeurd"), ("aanpassen", "Aanpassen")],
                ),
                F("toelichting_goedkeuring", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            GG,
            "xor",
            "Plan goedgekeurd?",
            "klantmanager",
            9,
            default="Flow_plan_goedgekeurd_naar_plan_opstellen",
        ),
        N(EV, "end", "Plan van aanpak vastgesteld", "klantmanager", 10),
    ],
    flows=[
        L(S, IN),
        L(IN, DI),
        L(DI, GR),
        L(GR, EO, "ontheffing", 'route == "ontheffing"'),
        L(GR, MP, "plan van aanpak"),
        L(MP, PL),
        L(PL, KL),
        L(KL, GA),
        L(GA, GK, "akkoord", "akkoord_klant == True"),
        L(GA, MP, "niet akkoord"),
        L(GK, GG),
        L(GG, EV, "goedgekeurd", 'goedkeuring_plan == "goedgekeurd"'),
        L(GG, MP, "aanpassen"),
    ],
)
