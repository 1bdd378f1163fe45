from common import F, N, L

TARGET = "4-werkgeversdienstverlening-en-matching/detachering-en-groepsdetachering.bpmn"

S = "StartEvent_detacheringsvraag_ontvangen"
DB = "Task_detacheringsvraag_beoordelen"
GV = "Gateway_detacheringsvorm"
GS = "Task_groep_samenstellen_en_leiding_inzetten"
MV = "Gateway_overeenkomst_voorbereid"
IO = "Task_inleenovereenkomst_sluiten"
GO = "Gateway_overeenkomst_gesloten"
EN = "EndEvent_geen_detachering"
ME = "Gateway_detacheringsperiode_starten"
TE = "Timer_evaluatiemoment"
EV = "Task_detachering_evalueren"
GE = "Gateway_vervolg_detachering"
EI = "EndEvent_in_dienst_bij_inlener"
EB = "EndEvent_detachering_beeindigd"

spec = dict(
    slug="detachering_en_groepsdetachering",
    process_id="detachering_en_groepsdetachering",
    name="Detachering en groepsdetachering",
    participant="Werkbedrijf",
    fase=4,
    stuurlijn="werken en meedoen",
    documentation={
        "Doel": "Kandidaten via het werkbedrijf bij een inlenende werkgever laten werken: "
        "individueel, of als groep onder een gekwalificeerde ploegleider wanneer zij "
        "alleen in groepsverband productief kunnen werken; en elke 6 maanden "
        "beoordelen of de werkgever de werknemer zelf in dienst kan nemen.",
        "Aanleiding": "Een werkgever vraagt het werkbedrijf om een of meer gedetacheerde "
        "medewerkers (bijvoorbeeld groen, schoonmaak, logistiek).",
        "Uitkomsten": "Gedetacheerde werknemer in dienst bij de inlener; detachering beëindigd; "
        "geen detachering wanneer de inlener de overeenkomst niet sluit. Zolang de "
        "detachering loopt, volgt elke 6 maanden een evaluatie (verlengen, "
        "overnemen of beëindigen).",
        "Wettelijke basis": "Pw art. 7 lid 1 onder b en art. 10 (voorzieningen gericht op "
        "arbeidsinschakeling); Pw art. 10b (beschut werk, ook gedetacheerd); "
        "Wet allocatie arbeidskrachten door intermediairs (Waadi); "
        "BW 7:690 e.v. (uitzendovereenkomst); gemeentelijke beleidsregels.",
    },
    lanes=["werkgever", ("accountmanager", 2), "jobcoach"],
    nodes=[
        N(
            S,
            "start",
            "Detacheringsvraag ontvangen",
            "werkgever",
            0,
            form=[
                F("werkzaamheden", "Werkzaamheden", maxlength=1000),
                F("aantal_medewerkers_gevraagd", "Aantal gevraagde medewerkers", "long", min=1, max=30),
            ],
        ),
        N(
            DB,
            "user",
            "Detacheringsvraag beoordelen",
            "accountmanager",
            1,
            form=[
                F(
                    "detacheringsvorm",
                    "Vorm",
                    "enum",
                    values=[
                        ("individueel", "Individuele detachering"),
                        ("groep", "Groepsdetachering met ploegleider"),
                    ],
                ),
                F("inleenvergoeding_per_uur", "Inleenvergoeding per uur (euro)", "long", min=0, max=200),
                F("beoogde_duur_maanden", "Beoogde duur in maanden", "long", min=1, max=36),
            ],
        ),
        N(
            GV,
            "xor",
            "Groepsdetachering?",
            "accountmanager",
            2,
            default="Flow_detacheringsvorm_naar_overeenkomst_voorbereid",
        ),
        N(
            GS,
            "user",
            "Groep samenstellen en ploegleider inzetten",
            "jobcoach",
            3,
            form=[
                F("groepsgrootte", "Groepsgrootte", "long", min=2, max=30),
                F("ploegleider", "Ploegleider", maxlength=200),
            ],
        ),
        N(MV, "xor", "Overeenkomst voorbereid", "accountmanager", 4),
        N(
            IO,
            "user",
            "Inleenovereenkomst sluiten",
            "werkgever",
            5,
            form=[
                F("overeenkomst_gesloten", "Inleenovereenkomst getekend", "boolean"),
                F("startdatum_detachering", "Startdatum detachering", "date"),
            ],
        ),
        N(
            GO,
            "xor",
            "Overeenkomst gesloten?",
            "werkgever",
            6,
            default="Flow_overeenkomst_gesloten_naar_geen_detachering",
        ),
        N(EN, "end", "Geen detachering", "werkgever", 7),
        N(ME, "xor", "Detacheringsperiode (opnieuw) starten", "accountmanager", 7),
        N(TE, "timer", "Evaluatiemoment na 6 maanden", "accountmanager", 8, duration="P6M"),
        N(
            EV,
            "user",
            "Detachering evalueren met inlener",
            "accountmanager",
            9,
            form=[
                F(
                    "vervolg_detachering",
                    "Vervolg",
                    "enum",
                    values=[
                        ("verlengen", "Detachering verlengen"),
                        ("overname", "Werknemer in dienst bij inlener"),
                        ("beeindigen", "Detachering beëindigen"),
                    ],
                ),
                F("evaluatie_inlener", "Evaluatie inlener", maxlength=2000),
            ],
        ),
        N(
            GE,
            "xor",
            "Vervolg?",
            "accountmanager",
            10,
            default="Flow_vervolg_detachering_naar_detachering_beeindigd",
        ),
        N(EI, "end", "In dienst bij inlener", "werkgever", 11),
        N(EB, "end", "Detachering beëindigd", "accountmanager", 11, row=1),
    ],
    flows=[
        L(S, DB),
        L(DB, GV),
        L(GV, GS, "groep", 'detacheringsvorm == "groep"'),
        L(GV, MV, "individueel"),
        L(GS, MV),
        L(MV, IO),
        L(IO, GO),
        L(GO, ME, "gesloten", "overeenkomst_gesloten == True"),
        L(GO, EN, "niet gesloten"),
        L(ME, TE),
        L(TE, EV),
        L(EV, GE),
        L(GE, EI, "overname", 'vervolg_detachering == "overname"'),
        L(GE, ME, "verlengen", 'vervolg_detachering == "verlengen"'),
        L(GE, EB, "beëindigen"),
    ],
)
