from common import F, N, L

TARGET = "5-instrumenten/beschut-werk-realiseren.bpmn"

S = "StartEvent_positief_advies_beschut_werk"
GP = "Gateway_plafond_beschut_werk"
WL = "Task_wachtlijst_en_overbrugging"
EW = "EndEvent_op_wachtlijst"
AB = "Task_aanbod_bespreken"
GA = "Gateway_klant_aanvaardt"
EZ = "EndEvent_klant_ziet_af"
GV = "Gateway_vorm_beschut_werk"
DB = "Task_dagbesteding_regelen"
ED = "EndEvent_gestart_met_dagbesteding"
PS = "Gateway_plaatsing_voorbereiden"
AO = "Task_arbeidsovereenkomst_aanbieden"
BP = "Task_begeleidingsplan_opstellen"
PJ = "Gateway_plaatsing_gereed"
EI = "EndEvent_in_dienst_beschut_werk"

spec = dict(
    slug="beschut_werk_realiseren",
    process_id="beschut_werk_realiseren",
    name="Beschut werk realiseren",
    participant="Werkbedrijf",
    fase=5,
    stuurlijn="werken en meedoen",
    properties={"plafond": "plafond_beschut_werk"},
    documentation={
        "Doel": "Mensen die alleen in een beschutte omgeving met aanpassingen en begeleiding "
        "kunnen werken een beschutte werkplek bieden, binnen het aantal plaatsen dat de "
        "gemeente daarvoor beschikbaar stelt.",
        "Aanleiding": "UWV heeft op verzoek van de gemeente of de klant een positief advies beschut "
        "werk afgegeven.",
        "Uitkomsten": "Klant in dienst in beschut werk met een begeleidingsplan (gemeenten die beschut "
        "werk in dienstverband bieden); klant gestart met dagbesteding met behoud van "
        "inkomensvoorziening (gemeenten die kiezen voor dagbesteding); klant op de "
        "wachtlijst met overbrugging omdat het jaarlijkse plafond bereikt is; of klant "
        "ziet af van het aanbod.",
        "Wettelijke basis": "Pw art. 10b (beschut werk, advies UWV); Wet SUWI art. 30a (advies "
        "beschut werk door UWV); Pw art. 10d (loonkostensubsidie bij beschut werk); "
        "gemeentelijke verordening (aantal plaatsen, vorm, wachtlijst).",
    },
    lanes=["uwv", ("klantmanager", 2), "werkgever", "jobcoach"],
    nodes=[
        N(
            S,
            "start",
            "Positief advies beschut werk afgegeven",
            "uwv",
            0,
            form=[
                F("datum_advies", "Datum advies UWV", "date"),
                F("geadviseerde_uren_per_week", "Geadviseerde uren per week", "long", min=4, max=36),
            ],
        ),
        N(
            GP,
            "xor",
            "Plafond beschut werk bereikt?",
            "klantmanager",
            1,
            default="Flow_plafond_beschut_werk_naar_aanbod_bespreken",
        ),
        N(
            WL,
            "user",
            "Op wachtlijst plaatsen en overbrugging regelen",
            "klantmanager",
            1,
            row=1,
            form=[
                F("datum_wachtlijst", "Datum plaatsing op wachtlijst", "date"),
                F(
                    "overbrugging",
                    "Overbrugging",
                    "enum",
                    values=[
                        ("sociale_activering", "Sociale activering"),
                        ("dagbesteding", "Dagbesteding"),
                        ("geen", "Geen"),
                    ],
                ),
            ],
        ),
        N(EW, "end", "Op wachtlijst beschut werk", "klantmanager", 2, row=1),
        N(
            AB,
            "user",
            "Aanbod beschut werk bespreken met klant",
            "klantmanager",
            2,
            form=[
                F("klant_aanvaardt", "Klant aanvaardt het aanbod", "boolean"),
                F("gewenste_startdatum", "Gewenste startdatum", "date"),
            ],
        ),
        N(
            GA,
            "xor",
            "Klant aanvaardt?",
            "klantmanager",
            3,
            default="Flow_klant_aanvaardt_naar_klant_ziet_af",
        ),
        N(EZ, "end", "Klant ziet af van beschut werk", "klantmanager", 3, row=1),
        N(
            GV,
            "xor",
            "Vorm beschut werk (beleid)?",
            "klantmanager",
            4,
            default="Flow_vorm_beschut_werk_naar_dagbesteding_regelen",
        ),
        N(
            DB,
            "user",
            "Dagbesteding met inkomensvoorziening regelen",
            "klantmanager",
            5,
            form=[
                F("aanbieder_dagbesteding", "Aanbieder dagbesteding", maxlength=200),
                F("startdatum_dagbesteding", "Startdatum", "date"),
                F("dagdelen_per_week", "Dagdelen per week", "long", min=1, max=10),
            ],
        ),
        N(ED, "end", "Gestart met dagbesteding", "klantmanager", 6),
        N(PS, "and", "Plaatsing voorbereiden", "werkgever", 5),
        N(
            AO,
            "user",
            "Arbeidsovereenkomst beschut werk aanbieden",
            "werkgever",
            6,
            form=[
                F("startdatum_dienstverband", "Startdatum dienstverband", "date"),
                F("uren_per_week", "Uren per week", "long", min=4, max=36),
                F(
                    "soort_contract",
                    "Soort contract",
                    "enum",
                    values=[("bepaalde_tijd", "Bepaalde tijd"), ("onbepaalde_tijd", "Onbepaalde tijd")],
                ),
            ],
        ),
        N(
            BP,
            "user",
            "Begeleidingsplan beschutte werkplek opstellen",
            "jobcoach",
            6,
            form=[
                F("begeleidingsuren_per_week", "Begeleidingsuren per week", "long", min=1, max=36),
                F("aanpassingen_werkplek", "Aanpassingen werkplek nodig", "boolean"),
            ],
        ),
        N(PJ, "and", "Plaatsing gereed", "werkgever", 7),
        N(EI, "end", "In dienst in beschut werk", "werkgever", 8),
    ],
    flows=[
        L(S, GP),
        L(GP, WL, "plafond bereikt", "plafond_bereikt"),
        L(GP, AB, "plaats beschikbaar"),
        L(WL, EW),
        L(AB, GA),
        L(GA, GV, "aanvaardt", "klant_aanvaardt"),
        L(GA, EZ, "ziet af"),
        L(GV, PS, "dienstverband", 'profiel.beschut_werk_vorm == "dienstverband"', src_port="B"),
        L(GV, DB, "dagbesteding"),
        L(DB, ED),
        L(PS, AO),
        L(PS, BP),
        L(AO, PJ),
        L(BP, PJ),
        L(PJ, EI),
    ],
)
