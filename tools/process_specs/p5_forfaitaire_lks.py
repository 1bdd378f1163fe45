from common import F, N, L

TARGET = "5-instrumenten/forfaitaire-loonkostensubsidie.bpmn"

S = "StartEvent_gestart_met_forfaitaire_lks"
TV = "Task_forfaitaire_lks_verlenen"
GV = "Gateway_forfaitair_toegestaan"
ED = "EndEvent_direct_naar_loonwaardebepaling"
BI = "Task_betaling_forfaitaire_lks_inrichten"
TM = "Timer_vijf_maanden_na_indiensttreding"
PL = "Task_loonwaardebepaling_plannen"
GD = "Gateway_dienstverband_loopt"
EB = "EndEvent_dienstverband_beeindigd"
LW = "Task_loonwaarde_bepalen"
GL = "Gateway_loonwaarde_onder_wml"
EL = "EndEvent_lks_op_basis_van_loonwaarde"
EG = "EndEvent_geen_lks_meer_nodig"
TE = "Timer_einde_forfaitaire_periode"
OV = "Task_overschrijding_forfaitaire_periode"
EO = "EndEvent_werkgever_geinformeerd_overschrijding"

spec = dict(
    slug="forfaitaire_loonkostensubsidie",
    process_id="forfaitaire_loonkostensubsidie",
    name="Forfaitaire loonkostensubsidie",
    participant="Werkbedrijf",
    fase=5,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "De werkgever direct bij de start van het dienstverband een forfaitaire "
        "loonkostensubsidie geven, zodat de plaatsing niet wacht op de loonwaardebepaling, "
        "en na de eerste 6 maanden overgaan op loonkostensubsidie op basis van de loonwaarde.",
        "Aanleiding": "Bij de aanvraag van loonkostensubsidie is met de werkgever afgesproken de "
        "loonwaardebepaling uit te stellen; de werknemer is in dienst getreden.",
        "Uitkomsten": "Loonwaarde na de forfaitaire periode vastgesteld, zodat de LKS-beschikking op "
        "basis van de loonwaarde volgt; geen loonkostensubsidie meer nodig (volledige "
        "loonwaarde); forfaitaire LKS gestopt omdat het dienstverband is beëindigd; of, "
        "als de voorwaarden voor forfaitaire verstrekking niet vervuld zijn, direct "
        "naar de loonwaardebepaling. Is de loonwaarde aan het einde van de 6 maanden nog "
        "niet bepaald, dan handelt de klantmanager de uitloop af terwijl de meting doorloopt.",
        "Wettelijke basis": "Pw art. 10d lid 5 (forfaitaire loonkostensubsidie gedurende de eerste "
        "6 maanden van de dienstbetrekking, daarna loonwaardebepaling); "
        "Pw art. 10d lid 1 (loonkostensubsidie); Besluit loonkostensubsidie "
        "Participatiewet 2021 (loonwaardebepaling).",
    },
    lanes=["accountmanager", ("klantmanager", 2), "backoffice", ("loonwaardedeskundige", 2)],
    nodes=[
        N(
            S,
            "start",
            "Werknemer gestart met forfaitaire LKS",
            "accountmanager",
            0,
            form=[
                F("datum_indiensttreding", "Datum indiensttreding", "date"),
                F("uren_per_week", "Uren per week", "long", min=1, max=40),
            ],
        ),
        N(
            TV,
            "user",
            "Forfaitaire loonkostensubsidie toetsen en verlenen",
            "klantmanager",
            1,
            row=1,
            form=[
                F("forfaitair_toegestaan", "Voorwaarden forfaitaire verstrekking vervuld", "boolean"),
                F("ingangsdatum_forfaitair", "Ingangsdatum", "date"),
                F("motivering_forfaitair", "Motivering", required=False, maxlength=1000),
            ],
        ),
        N(
            GV,
            "xor",
            "Forfaitair toegestaan?",
            "klantmanager",
            2,
            row=1,
            default="Flow_forfaitair_toegestaan_naar_direct_naar_loonwaardebepaling",
        ),
        N(ED, "end", "Direct naar loonwaardebepaling", "klantmanager", 3, row=0),
        N(
            BI,
            "user",
            "Maandelijkse betaling forfaitaire LKS inrichten",
            "backoffice",
            3,
            form=[
                F("forfaitair_bedrag_per_maand", "Bedrag per maand (euro)", "long", min=1, max=5000),
                F("eerste_betaaldatum", "Eerste betaaldatum", "date"),
            ],
        ),
        N(TM, "timer", "5 maanden forfaitaire periode verstreken", "backoffice", 4, duration="P5M"),
        N(
            PL,
            "user",
            "Loonwaardebepaling plannen met werkgever",
            "accountmanager",
            5,
            form=[
                F("dienstverband_loopt_door", "Dienstverband loopt door", "boolean"),
                F("datum_loonwaardebepaling", "Datum loonwaardebepaling", "date", required=False),
            ],
        ),
        N(
            GD,
            "xor",
            "Dienstverband loopt door?",
            "accountmanager",
            6,
            default="Flow_dienstverband_loopt_naar_dienstverband_beeindigd",
        ),
        N(EB, "end", "Dienstverband beëindigd: forfaitaire LKS gestopt", "accountmanager", 7),
        N(
            LW,
            "user",
            "Loonwaarde op de werkplek bepalen",
            "loonwaardedeskundige",
            7,
            form=[
                F("loonwaarde_percentage", "Loonwaarde (%)", "long", min=0, max=100),
                F("rapportage_loonwaarde", "Rapportage", maxlength=4000),
            ],
        ),
        N(
            TE,
            "boundary",
            "Einde forfaitaire periode (6 maanden)",
            attached=LW,
            duration="P1M",
            cancel=False,
            offset=0.75,
            side="T",
        ),
        N(
            OV,
            "user",
            "Overschrijding forfaitaire periode afhandelen",
            "klantmanager",
            8,
            row=1,
            form=[
                F("werkgever_geinformeerd", "Werkgever geïnformeerd", "boolean"),
                F("nieuwe_datum_loonwaardebepaling", "Nieuwe datum loonwaardebepaling", "date"),
            ],
        ),
        N(EO, "end", "Werkgever geïnformeerd over uitloop", "klantmanager", 9, row=1),
        N(
            GL,
            "xor",
            "Loonwaarde onder 100%?",
            "loonwaardedeskundige",
            8,
            default="Flow_loonwaarde_onder_wml_naar_geen_lks_meer_nodig",
        ),
        N(EL, "end", "Loonwaarde vastgesteld: LKS-beschikking volgt", "loonwaardedeskundige", 9),
        N(EG, "end", "Geen loonkostensubsidie meer nodig", "loonwaardedeskundige", 9, row=1),
    ],
    flows=[
        L(S, TV),
        L(TV, GV),
        L(GV, BI, "toegestaan", "forfaitair_toegestaan"),
        L(GV, ED, "niet toegestaan"),
        L(BI, TM),
        L(TM, PL),
        L(PL, GD),
        L(GD, LW, "loopt door", "dienstverband_loopt_door"),
        L(GD, EB, "beëindigd"),
        L(LW, GL),
        L(TE, OV),
        L(OV, EO),
        L(GL, EL, "lager dan 100%", "loonwaarde_percentage < 100"),
        L(GL, EG, "100%"),
    ],
)
