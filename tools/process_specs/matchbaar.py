from common import F, N, L

TARGET = "4-werkgeversdienstverlening-en-matching/kandidaat-matchbaar-overdragen-regiegericht.bpmn"

S = "StartEvent_kandidaat_verwezen"
MP = "Gateway_plan_starten"
P = "Task_plan_van_aanpak_uitvoeren"
T4 = "Timer_vier_weken_voor_einde_plan"
O = "Task_overdracht_voorbereiden"
GM = "Gateway_matchbaar"
PF = "Gateway_overdracht_splitsen"
KN = "Task_kennisnemen_overdracht"
IN = "Task_intake_werkgeversdienstverlening"
MA = "Task_kandidaat_matchen"
PJ = "Gateway_overdracht_samenvoegen"
GR = "Gateway_matchingsresultaat"
EG = "EndEvent_kandidaat_geplaatst"
MD = "Gateway_afwijking_melden"
AF = "Task_afwijking_beoordelen"
GA = "Gateway_vervolg_na_afwijking"
EB = "EndEvent_traject_beeindigd"

spec = dict(
    slug="kandidaat_matchbaar_overdragen_regiegericht",
    process_id="kandidaat_matchbaar_overdragen_regiegericht",
    name="Kandidaat matchbaar overdragen aan werkgeversdienstverlening (regiegericht)",
    participant="Werkbedrijf",
    fase=4,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "De kandidaat zonder tussenschakels en op tijd overdragen van de werkcoach aan "
        "de accountmanager (werkgeversdienstverlening) zodra hij matchbaar is, zodat "
        "plaatsing bij een werkgever aansluit op het einde van het plan van aanpak.",
        "Aanleiding": "De klantmanager heeft de klant verwezen naar de werkcoach; de werkcoach "
        "legt binnen 8 weken een plan van aanpak met planning vast (standaard "
        "looptijd 12 weken). Uiterlijk 4 weken voor het einde van het plan "
        "(timer P8W na de start) bereidt de werkcoach de overdracht voor.",
        "Uitkomsten": "Kandidaat geplaatst bij een werkgever; of, na een afwijking (niet "
        "matchbaar of geen plaatsing), bijgesteld plan van aanpak of traject "
        "beëindigd zonder plaatsing. De klantmanager wordt alleen bij verwijzing en "
        "overdracht geïnformeerd en beslist alleen bij afwijkingen (regiegerichte variant).",
        "Wettelijke basis": "Pw art. 7 lid 1 onder b (ondersteuning bij arbeidsinschakeling); "
        "Pw art. 44a (plan van aanpak); Pw art. 9 lid 1 (arbeidsverplichtingen).",
    },
    lanes=[("klantmanager", 2), "werkcoach", "accountmanager"],
    nodes=[
        N(
            S,
            "start",
            "Kandidaat verwezen naar werkcoach",
            "klantmanager",
            0,
            row=1,
            form=[
                F("datum_verwijzing", "Datum verwijzing", "date"),
                F("reden_verwijzing", "Reden verwijzing", required=False, maxlength=1000),
            ],
        ),
        N(MP, "xor", "Plan (opnieuw) starten", "werkcoach", 1),
        N(
            P,
            "user",
            "Plan van aanpak met planning vastleggen",
            "werkcoach",
            2,
            form=[
                F("plan_startdatum", "Startdatum plan", "date"),
                F("plan_einddatum", "Einddatum plan", "date"),
                F("beoogde_functie", "Beoogde functie of sector", maxlength=200),
            ],
        ),
        N(T4, "timer", "4 weken voor einde plan", "werkcoach", 3, duration="P8W"),
        N(
            O,
            "user",
            "Overdracht voorbereiden",
            "werkcoach",
            4,
            form=[
                F("matchbaar", "Kandidaat matchbaar", "boolean"),
                F("kandidaatprofiel", "Kandidaatprofiel", maxlength=2000),
                F("beschikbaar_per", "Beschikbaar per", "date"),
                F("uren_per_week", "Beschikbare uren per week", "long", min=1, max=40),
            ],
        ),
        N(GM, "xor", "Kandidaat matchbaar?", "werkcoach", 5, default="Flow_matchbaar_naar_afwijking_melden"),
        N(PF, "and", "Overdracht starten", "werkcoach", 6),
        N(
            KN,
            "user",
            "Kennisnemen van overdracht",
            "klantmanager",
            7,
            row=1,
            form=[
                F("overdracht_gezien", "Overdracht gezien", "boolean"),
                F("opmerking_klantmanager", "Opmerking", required=False, maxlength=1000),
            ],
        ),
        N(
            IN,
            "user",
            "Kandidaat intake werkgeversdienstverlening",
            "accountmanager",
            7,
            form=[
                F("datum_intake", "Datum intake", "date"),
                F("zoekprofiel", "Zoekprofiel werkgevers", maxlength=1000),
            ],
        ),
        N(
            MA,
            "user",
            "Kandidaat matchen en voorstellen",
            "accountmanager",
            8,
            form=[
                F(
                    "matchingsresultaat",
                    "Resultaat matching",
                    "enum",
                    values=[("geplaatst", "Geplaatst"), ("terug_naar_werkcoach", "Terug naar werkcoach")],
                ),
                F("werkgever", "Werkgever", required=False, maxlength=200),
                F("startdatum_werk", "Startdatum werk", "date", required=False),
            ],
        ),
        N(PJ, "and", "Overdracht afgerond", "accountmanager", 9),
        N(
            GR,
            "xor",
            "Geplaatst?",
            "accountmanager",
            10,
            default="Flow_matchingsresultaat_naar_afwijking_melden",
        ),
        N(EG, "end", "Kandidaat geplaatst bij werkgever", "accountmanager", 11),
        N(MD, "xor", "Afwijking gemeld", "klantmanager", 10),
        N(
            AF,
            "user",
            "Afwijking beoordelen",
            "klantmanager",
            11,
            form=[
                F(
                    "vervolg",
                    "Vervolg",
                    "enum",
                    values=[
                        ("plan_bijstellen", "Plan van aanpak bijstellen"),
                        ("traject_beeindigen", "Traject beëindigen"),
                    ],
                ),
                F("toelichting_afwijking", "Toelichting", maxlength=2000),
            ],
        ),
        N(
            GA,
            "xor",
            "Vervolg?",
            "klantmanager",
            12,
            default="Flow_vervolg_na_afwijking_naar_traject_beeindigd",
        ),
        N(EB, "end", "Traject beëindigd zonder plaatsing", "klantmanager", 13),
    ],
    flows=[
        L(S, MP),
        L(MP, P),
        L(P, T4),
        L(T4, O),
        L(O, GM),
        L(GM, PF, "matchbaar", "matchbaar == True"),
        L(GM, MD, "niet matchbaar"),
        L(PF, KN),
        L(PF, IN),
        L(IN, MA),
        L(MA, PJ),
        L(KN, PJ),
        L(PJ, GR),
        L(GR, EG, "geplaatst", 'matchingsresultaat == "geplaatst"'),
        L(GR, MD, "terug naar werkcoach"),
        L(MD, AF),
        L(AF, GA),
        L(GA, MP, "plan bijstellen", 'vervolg == "plan_bijstellen"'),
        L(GA, EB, "traject beëindigen"),
    ],
)
