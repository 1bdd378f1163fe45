from common import F, N, L

TARGET = "4-werkgeversdienstverlening-en-matching/plaatsingsafspraken-maken.bpmn"

S = "StartEvent_kandidaat_geselecteerd"
PA = "Task_plaatsingsafspraken_maken"
GP = "Gateway_plaatsingsvorm"
TP = "Timer_proefplaatsing"
PE = "Task_proefplaatsing_evalueren"
GD = "Gateway_dienstverband_aangeboden"
EG = "EndEvent_geen_dienstverband_na_proefplaatsing"
MD = "Gateway_dienstverband_starten"
PS = "Gateway_contract_en_uitkering"
AO = "Task_arbeidsovereenkomst_sluiten"
UA = "Task_uitkering_afstemmen"
PJ = "Gateway_contract_en_uitkering_gereed"
EW = "EndEvent_kandidaat_aan_het_werk"

spec = dict(
    slug="plaatsingsafspraken_maken",
    process_id="plaatsingsafspraken_maken",
    name="Plaatsingsafspraken maken",
    participant="Werkbedrijf",
    fase=4,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Met de werkgever vastleggen onder welke voorwaarden de geselecteerde kandidaat "
        "begint (direct dienstverband of eerst een proefplaatsing, loonkostensubsidie, "
        "jobcoaching), en zorgen dat arbeidsovereenkomst en uitkering tegelijk en "
        "sluitend geregeld worden.",
        "Aanleiding": "De werkgever heeft na werving en selectie een kandidaat gekozen.",
        "Uitkomsten": "Kandidaat aan het werk met een arbeidsovereenkomst en een op de "
        "werkaanvaarding afgestemde uitkering (beëindigd of inkomsten verrekend); "
        "of geen dienstverband na een proefplaatsing van 2 maanden. Afspraken over "
        "loonkostensubsidie en jobcoaching gaan als startgegevens naar de "
        "instrumentprocessen (fase 5).",
        "Wettelijke basis": "Pw art. 7 lid 1 onder b en art. 10 (voorzieningen gericht op "
        "arbeidsinschakeling, proefplaatsing met behoud van uitkering); "
        "Pw art. 10d (loonkostensubsidie); Pw art. 31 lid 2 onder n "
        "(inkomstenvrijlating); gemeentelijke re-integratieverordening.",
    },
    lanes=[("werkgever", 2), "accountmanager", "klantmanager"],
    nodes=[
        N(
            S,
            "start",
            "Kandidaat door werkgever gekozen",
            "werkgever",
            0,
            form=[
                F("gewenste_startdatum", "Gewenste startdatum", "date"),
                F("uren_per_week", "Uren per week", "long", min=1, max=40),
            ],
        ),
        N(
            PA,
            "user",
            "Plaatsingsafspraken maken met werkgever",
            "accountmanager",
            1,
            form=[
                F(
                    "plaatsingsvorm",
                    "Plaatsingsvorm",
                    "enum",
                    values=[
                        ("direct_dienstverband", "Direct dienstverband"),
                        ("proefplaatsing", "Eerst proefplaatsing (max. 2 maanden)"),
                    ],
                ),
                F("loonkostensubsidie_nodig", "Loonkostensubsidie aanvragen", "boolean"),
                F("jobcoaching_nodig", "Jobcoaching inzetten", "boolean"),
            ],
        ),
        N(
            GP,
            "xor",
            "Proefplaatsing?",
            "accountmanager",
            2,
            default="Flow_plaatsingsvorm_naar_dienstverband_starten",
        ),
        N(TP, "timer", "Proefplaatsing van 2 maanden", "werkgever", 3, row=1, duration="P2M"),
        N(
            PE,
            "user",
            "Proefplaatsing evalueren",
            "werkgever",
            4,
            row=1,
            form=[
                F("dienstverband_aangeboden", "Dienstverband aangeboden", "boolean"),
                F("evaluatie_proefplaatsing", "Evaluatie", maxlength=2000),
            ],
        ),
        N(
            GD,
            "xor",
            "Dienstverband aangeboden?",
            "werkgever",
            5,
            row=1,
            default="Flow_dienstverband_aangeboden_naar_geen_dienstverband_na_proefplaatsing",
        ),
        N(EG, "end", "Geen dienstverband na proefplaatsing", "werkgever", 6, row=0),
        N(MD, "xor", "Dienstverband starten", "accountmanager", 6),
        N(PS, "and", "Contract en uitkering regelen", "accountmanager", 7),
        N(
            AO,
            "user",
            "Arbeidsovereenkomst sluiten",
            "werkgever",
            8,
            row=1,
            form=[
                F("startdatum_dienstverband", "Startdatum dienstverband", "date"),
                F("contractduur_maanden", "Contractduur in maanden (0 = onbepaald)", "long", min=0, max=60),
            ],
        ),
        N(
            UA,
            "user",
            "Uitkering afstemmen op werkaanvaarding",
            "klantmanager",
            8,
            form=[
                F(
                    "uitkering_actie",
                    "Uitkering",
                    "enum",
                    values=[
                        ("beeindigen", "Beëindigen"),
                        ("inkomsten_verrekenen", "Voortzetten, inkomsten verrekenen"),
                    ],
                ),
                F("ingangsdatum_wijziging", "Ingangsdatum", "date"),
            ],
        ),
        N(PJ, "and", "Contract en uitkering geregeld", "accountmanager", 9),
        N(EW, "end", "Kandidaat aan het werk", "accountmanager", 10),
    ],
    flows=[
        L(S, PA),
        L(PA, GP),
        L(GP, TP, "proefplaatsing", 'plaatsingsvorm == "proefplaatsing"'),
        L(GP, MD, "direct dienstverband"),
        L(TP, PE),
        L(PE, GD),
        L(GD, MD, "dienstverband", "dienstverband_aangeboden == True"),
        L(GD, EG, "geen dienstverband"),
        L(MD, PS),
        L(PS, AO),
        L(PS, UA),
        L(AO, PJ),
        L(UA, PJ),
        L(PJ, EW),
    ],
)
