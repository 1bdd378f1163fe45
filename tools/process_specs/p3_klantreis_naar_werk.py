from common import F, L, N

TARGET = "3-re-integratie-en-ontwikkeling/klantreis-naar-werk.bpmn"

S = "StartEvent_aangemeld_voor_begeleiding"
CI = "Call_brede_intake"
GI = "Gateway_vervolg_na_intake"
EG = "EndEvent_geen_traject"
CP = "Call_plan_van_aanpak"
GO = "Gateway_ontheffing"
EO = "EndEvent_ontheffing"
MB = "Gateway_naar_bemiddeling"
CM = "Call_kandidaat_overdragen"
GP = "Gateway_geplaatst"
EN = "EndEvent_geen_plaatsing"
CN = "Call_nazorg"
EW = "EndEvent_aan_het_werk"

spec = dict(
    slug="klantreis_naar_werk",
    process_id="klantreis_naar_werk",
    name="Klantreis naar werk: van intake tot nazorg",
    participant="Werkbedrijf",
    fase=3,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "De route van de klant van de eerste intake tot duurzaam werk als één zaak volgen, zodat doorlooptijd, "
        "overdrachten en uitval over de hele keten zichtbaar zijn.",
        "Aanleiding": "De klantmanager meldt een klant met bijstand aan voor begeleiding naar werk.",
        "Uitkomsten": "Aan het werk (na nazorg); traject beëindigd zonder plaatsing; ontheffing van de arbeidsverplichting; "
        "geen traject (doorverwezen naar een voorliggende voorziening of niet verschenen).",
        "Wettelijke basis": "Pw art. 7 lid 1 onder b (ondersteuning bij arbeidsinschakeling); Pw art. 44a (plan van aanpak); "
        "Pw art. 9 (arbeidsverplichtingen).",
    },
    lanes=[("klantmanager", 1), ("werkcoach", 2), ("accountmanager", 2)],
    nodes=[
        N(
            S,
            "start",
            "Klant aangemeld voor begeleiding naar werk",
            "klantmanager",
            0,
            form=[
                F("datum_uitnodiging", "Datum uitnodiging intake", "date"),
                F("datum_intakegesprek", "Datum intakegesprek", "date"),
                F("datum_verwijzing", "Datum verwijzing", "date"),
            ],
        ),
        N(CI, "call", "Brede intake", "klantmanager", 1, called="brede_intake"),
        N(
            GI,
            "xor",
            "Vervolg na intake?",
            "klantmanager",
            2,
            default="Flow_vervolg_na_intake_naar_geen_traject",
        ),
        N(EG, "end", "Geen traject: doorverwezen of niet verschenen", "klantmanager", 3),
        N(CP, "call", "Plan van aanpak opstellen", "werkcoach", 3, called="plan_van_aanpak_opstellen"),
        N(GO, "xor", "Ontheffing?", "werkcoach", 4, default="Flow_ontheffing_naar_naar_bemiddeling"),
        N(EO, "end", "Ontheffing van de arbeidsverplichting", "werkcoach", 5, row=1),
        N(MB, "xor", "Naar bemiddeling", "werkcoach", 5),
        N(
            CM,
            "call",
            "Kandidaat matchbaar overdragen aan werkgeversdienstverlening",
            "accountmanager",
            6,
            called="kandidaat_matchbaar_overdragen_regiegericht",
        ),
        N(GP, "xor", "Geplaatst?", "accountmanager", 7, default="Flow_geplaatst_naar_geen_plaatsing"),
        N(EN, "end", "Traject beëindigd zonder plaatsing", "accountmanager", 8, row=1),
        N(CN, "call", "Nazorg na werkaanvaarding", "accountmanager", 8, called="nazorg_na_werkaanvaarding"),
        N(EW, "end", "Aan het werk", "accountmanager", 9),
    ],
    flows=[
        L(S, CI),
        L(CI, GI),
        L(GI, CP, "diagnose en plan", 'klant_verschenen and vervolg == "diagnose"'),
        L(GI, MB, "direct bemiddelen", 'klant_verschenen and vervolg == "bemiddelen"'),
        L(GI, EG, "geen traject"),
        L(CP, GO),
        L(GO, EO, "ontheffing", 'route == "ontheffing"'),
        L(GO, MB, "plan vastgesteld"),
        L(MB, CM),
        L(CM, GP),
        L(GP, CN, "geplaatst", 'matchbaar and matchingsresultaat == "geplaatst"'),
        L(GP, EN, "niet geplaatst"),
        L(CN, EW),
    ],
)
