from common import F, N, L

TARGET = "3-re-integratie-en-ontwikkeling/premie-participatie.bpmn"

S = "StartEvent_zes_maanden_participatieplaats"
PS = "Gateway_nakoming_nagaan"
AB = "Task_aanwezigheid_en_inzet_bevestigen"
NA = "Task_nakoming_afspraken_beoordelen"
PJ = "Gateway_nakoming_bekend"
BP = "Task_besluit_op_premie"
GB = "Gateway_premie_toegekend"
UB = "Task_premie_uitbetalen"
EU = "EndEvent_premie_uitbetaald"
EG = "EndEvent_premie_geweigerd"

spec = dict(
    slug="premie_participatie",
    process_id="premie_participatie",
    name="Premie participatie",
    participant="Werkbedrijf",
    fase=3,
    stuurlijn="werken en meedoen",
    documentation={
        "Doel": "De klant die op een participatieplaats werkt en zijn verplichtingen nakomt, na "
        "elke periode van zes maanden een premie geven als erkenning en prikkel, binnen "
        "het bedrag dat de verordening en de wet toestaan.",
        "Aanleiding": "Een periode van zes maanden op de participatieplaats is afgelopen (gesignaleerd "
        "vanuit het proces Participatieplaats).",
        "Uitkomsten": "Premie toegekend en uitbetaald (vrijgelaten als inkomen tot het wettelijke "
        "maximum); premie geweigerd, met motivering, omdat de klant de afspraken of "
        "verplichtingen niet is nagekomen.",
        "Wettelijke basis": "Pw art. 10a lid 6 (premie na elke periode van zes maanden "
        "participatieplaats bij nakoming van de verplichtingen); Pw art. 31 "
        "lid 2 (premie tot het maximumbedrag niet als middel aangemerkt); "
        "Pw art. 8a (re-integratieverordening: hoogte van de premie).",
    },
    lanes=["klant", "werkgever", "werkcoach", "klantmanager", "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Zes maanden op participatieplaats gewerkt",
            "klant",
            0,
            form=[
                F("einddatum_periode", "Einddatum periode", "date"),
                F("periodenummer", "Periode (1-4)", "long", min=1, max=4),
            ],
        ),
        N(PS, "and", "Nakoming nagaan", "werkcoach", 1),
        N(
            AB,
            "user",
            "Aanwezigheid en inzet bevestigen",
            "werkgever",
            2,
            form=[
                F("aanwezigheid_percentage", "Aanwezigheid (%)", "long", min=0, max=100),
                F(
                    "inzet_deelnemer",
                    "Inzet",
                    "enum",
                    values=[("goed", "Goed"), ("voldoende", "Voldoende"), ("onvoldoende", "Onvoldoende")],
                ),
            ],
        ),
        N(
            NA,
            "user",
            "Nakoming afspraken beoordelen",
            "werkcoach",
            2,
            form=[
                F("afspraken_nagekomen", "Afspraken en verplichtingen nagekomen", "boolean"),
                F("toelichting_nakoming", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(PJ, "and", "Nakoming bekend", "werkcoach", 3),
        N(
            BP,
            "user",
            "Besluit op premie nemen",
            "klantmanager",
            4,
            form=[
                F(
                    "besluit_premie",
                    "Besluit",
                    "enum",
                    values=[("toekennen", "Premie toekennen"), ("weigeren", "Premie weigeren")],
                ),
                F("motivering_premie", "Motivering", maxlength=2000),
            ],
        ),
        N(
            GB,
            "xor",
            "Premie toegekend?",
            "klantmanager",
            5,
            default="Flow_premie_toegekend_naar_premie_geweigerd",
        ),
        N(
            UB,
            "user",
            "Premie uitbetalen",
            "backoffice",
            6,
            form=[
                F("premiebedrag", "Premiebedrag (euro)", "long", min=1, max=3000),
                F("betaaldatum", "Betaaldatum", "date"),
            ],
        ),
        N(EU, "end", "Premie uitbetaald", "backoffice", 7),
        N(EG, "end", "Premie geweigerd", "klant", 6),
    ],
    flows=[
        L(S, PS),
        L(PS, AB),
        L(PS, NA),
        L(AB, PJ),
        L(NA, PJ),
        L(PJ, BP),
        L(BP, GB),
        L(GB, UB, "toegekend", 'besluit_premie == "toekennen"'),
        L(GB, EG, "geweigerd"),
        L(UB, EU),
    ],
)
