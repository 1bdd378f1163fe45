from common import F, N, L

TARGET = "3-re-integratie-en-ontwikkeling/tolkvoorziening.bpmn"

S = "StartEvent_om_tolk_gevraagd"
GV = "Gateway_soort_tolk"
UB = "Task_tolkvoorziening_werkdomein_beoordelen"
EU = "EndEvent_tolk_via_uwv"
WC = "Task_noodzaak_taaltolk_beoordelen"
GN = "Gateway_taaltolk_noodzakelijk"
BO = "Task_tolk_inplannen"
EI = "EndEvent_tolk_ingezet"
ET = "EndEvent_verwezen_naar_taaltraining"

spec = dict(
    slug="tolkvoorziening",
    process_id="tolkvoorziening",
    name="Tolkvoorziening bij re-integratie",
    participant="Werkbedrijf",
    fase=3,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Zorgen dat taal of een auditieve beperking de klant niet belemmert in gesprekken, "
        "trainingen en sollicitaties van zijn re-integratietraject, met de juiste "
        "financier: UWV voor gebaren- en schrijftolken, de gemeente voor een taaltolk.",
        "Aanleiding": "De klant (of zijn werkcoach) vraagt om een tolk voor activiteiten uit het "
        "plan van aanpak.",
        "Uitkomsten": "Gebaren- of schrijftolk via de centrale UWV-tolkvoorziening (werkdomein, "
        "voorliggend); taaltolk door de gemeente ingezet voor een beperkt aantal "
        "uren; geen taaltolk, klant verwezen naar taaltraining.",
        "Wettelijke basis": "Pw art. 15 lid 1 (voorliggende voorziening); Wet centraliseren "
        "tolkvoorzieningen auditief beperkten leef- en werkdomein (UWV verstrekt "
        "gebaren- en schrijftolken, ook bij re-integratie van bijstandsgerechtigden); "
        "Pw art. 10 (voorzieningen gericht op arbeidsinschakeling); Pw art. 18b "
        "(taaleis); gemeentelijke beleidsregels (inzet taaltolk).",
    },
    lanes=["klant", "werkcoach", "backoffice", "uwv"],
    nodes=[
        N(
            S,
            "start",
            "Om tolk gevraagd",
            "klant",
            0,
            form=[
                F(
                    "soort_tolk",
                    "Soort tolk",
                    "enum",
                    values=[
                        ("gebarentolk", "Gebarentolk"),
                        ("schrijftolk", "Schrijftolk"),
                        ("taaltolk", "Tolk voor een andere taal"),
                    ],
                ),
                F(
                    "activiteit",
                    "Activiteit",
                    "enum",
                    values=[
                        ("gesprekken", "Gesprekken met het werkbedrijf"),
                        ("training", "Training of traject"),
                        ("sollicitatie", "Sollicitatiegesprek"),
                    ],
                ),
            ],
        ),
        N(
            GV,
            "xor",
            "Auditieve beperking?",
            "klant",
            1,
            default="Flow_soort_tolk_naar_noodzaak_taaltolk_beoordelen",
        ),
        N(
            UB,
            "user",
            "Tolkvoorziening werkdomein beoordelen",
            "uwv",
            2,
            form=[
                F("tolkvoorziening_toegekend", "Tolkvoorziening toegekend", "boolean"),
                F("tolkuren_per_jaar", "Tolkuren per jaar", "long", min=0, max=2000),
            ],
        ),
        N(EU, "end", "Tolkvoorziening door UWV beoordeeld", "uwv", 3),
        N(
            WC,
            "user",
            "Noodzaak taaltolk beoordelen",
            "werkcoach",
            2,
            form=[
                F("taaltolk_noodzakelijk", "Taaltolk noodzakelijk", "boolean"),
                F("taal", "Taal", maxlength=100),
                F("tolkuren", "Aantal tolkuren", "long", min=0, max=40),
            ],
        ),
        N(
            GN,
            "xor",
            "Taaltolk nodig?",
            "werkcoach",
            3,
            default="Flow_taaltolk_noodzakelijk_naar_verwezen_naar_taaltraining",
        ),
        N(
            BO,
            "user",
            "Tolk inplannen via tolkenbureau",
            "backoffice",
            4,
            form=[
                F("tolkenbureau", "Tolkenbureau", maxlength=200),
                F("datum_eerste_inzet", "Datum eerste inzet", "date"),
            ],
        ),
        N(EI, "end", "Tolk ingezet bij re-integratie", "backoffice", 5),
        N(ET, "end", "Geen tolk, verwezen naar taaltraining", "klant", 4),
    ],
    flows=[
        L(S, GV),
        L(GV, UB, "gebaren- of schrijftolk", 'soort_tolk in ["gebarentolk", "schrijftolk"]'),
        L(GV, WC, "taaltolk"),
        L(UB, EU),
        L(WC, GN),
        L(GN, BO, "noodzakelijk", "taaltolk_noodzakelijk and tolkuren > 0"),
        L(GN, ET, "niet noodzakelijk"),
        L(BO, EI),
    ],
)
