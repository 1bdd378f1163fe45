from common import F, N, L

TARGET = "4-werkgeversdienstverlening-en-matching/vacature-intake.bpmn"

S = "StartEvent_vacature_gemeld"
VI = "Task_vacature_intake_voeren"
GP = "Gateway_vacature_passend"
EJ = "EndEvent_doorverwezen_job_carving"
ER = "EndEvent_vacature_regulier_uitgezet"
MP = "Gateway_profiel_opstellen"
VP = "Task_vacatureprofiel_opstellen"
VB = "Task_vacatureprofiel_bevestigen"
TR = "Boundary_geen_reactie_werkgever"
EV = "EndEvent_vacature_vervallen"
GA = "Gateway_profiel_akkoord"
EO = "EndEvent_vacature_open_voor_kandidaten"

spec = dict(
    slug="vacature_intake",
    process_id="vacature_intake",
    name="Vacature intake",
    participant="Werkbedrijf",
    fase=4,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Een vacature van een werkgever zo uitvragen dat duidelijk is welke taken, uren "
        "en eisen erbij horen en of er kandidaten uit het eigen bestand (bijstand, "
        "doelgroep banenafspraak) op passen; het vacatureprofiel is de basis voor werving "
        "en selectie.",
        "Aanleiding": "Een werkgever meldt een vacature bij het werkgeversservicepunt.",
        "Uitkomsten": "Vacature open voor kandidaten uit het bestand (door de werkgever bevestigd "
        "vacatureprofiel); vacature doorverwezen naar job carving wanneer eerst "
        "taken moeten worden herverdeeld; vacature via reguliere kanalen uitgezet "
        "wanneer er geen passende kandidaten zijn; vacature vervallen wanneer de "
        "werkgever binnen 2 weken niet op het profiel reageert.",
        "Wettelijke basis": "Pw art. 7 lid 1 onder b (ondersteuning bij arbeidsinschakeling); "
        "Wet SUWI art. 10 (regionale werkgeversdienstverlening); "
        "gemeentelijke beleidsregels.",
    },
    lanes=[("werkgever", 2), ("accountmanager", 2)],
    nodes=[
        N(
            S,
            "start",
            "Vacature gemeld",
            "werkgever",
            0,
            row=1,
            form=[
                F("functietitel", "Functie", maxlength=200),
                F("aantal_plaatsen", "Aantal plaatsen", "long", min=1, max=100),
                F("gewenste_startdatum", "Gewenste startdatum", "date"),
            ],
        ),
        N(
            VI,
            "user",
            "Vacature-intake bij werkgever voeren",
            "accountmanager",
            1,
            form=[
                F("taken_en_eisen", "Taken en eisen", maxlength=2000),
                F("uren_per_week", "Uren per week", "long", min=1, max=40),
                F(
                    "passend_voor_bestand",
                    "Passend voor kandidaten uit het bestand",
                    "enum",
                    values=[
                        ("passend", "Passend"),
                        ("na_job_carving", "Passend na herverdeling van taken"),
                        ("niet_passend", "Niet passend"),
                    ],
                ),
            ],
        ),
        N(
            GP,
            "xor",
            "Passend voor bestand?",
            "accountmanager",
            2,
            default="Flow_vacature_passend_naar_profiel_opstellen",
        ),
        N(EJ, "end", "Doorverwezen naar job carving", "accountmanager", 3, row=1),
        N(ER, "end", "Vacature via reguliere kanalen uitgezet", "werkgever", 3, row=1),
        N(MP, "xor", "Profiel (opnieuw) opstellen", "accountmanager", 4),
        N(
            VP,
            "user",
            "Vacatureprofiel opstellen",
            "accountmanager",
            5,
            form=[
                F("vacatureprofiel", "Vacatureprofiel", maxlength=2000),
                F(
                    "contractvorm",
                    "Contractvorm",
                    "enum",
                    values=[
                        ("dienstverband", "Dienstverband bij werkgever"),
                        ("detachering", "Detachering via werkbedrijf"),
                        ("proefplaatsing", "Proefplaatsing met uitzicht op dienstverband"),
                    ],
                ),
                F("sluitingsdatum", "Sluitingsdatum", "date"),
            ],
        ),
        N(
            VB,
            "user",
            "Vacatureprofiel bevestigen",
            "werkgever",
            6,
            row=1,
            form=[
                F("profiel_akkoord", "Akkoord met vacatureprofiel", "boolean"),
                F("aanvulling_werkgever", "Aanvulling", required=False, maxlength=1000),
            ],
        ),
        N(
            TR,
            "boundary",
            "Geen reactie binnen 2 weken",
            attached=VB,
            duration="P2W",
            cancel=True,
            offset=0.5,
            side="T",
        ),
        N(EV, "end", "Vacature vervallen", "werkgever", 7, row=0),
        N(
            GA,
            "xor",
            "Profiel akkoord?",
            "werkgever",
            7,
            row=1,
            default="Flow_profiel_akkoord_naar_profiel_opstellen",
        ),
        N(EO, "end", "Vacature open voor kandidaten", "werkgever", 8, row=1),
    ],
    flows=[
        L(S, VI),
        L(VI, GP),
        L(GP, MP, "passend"),
        L(GP, EJ, "na job carving", 'passend_voor_bestand == "na_job_carving"'),
        L(GP, ER, "niet passend", 'passend_voor_bestand == "niet_passend"'),
        L(MP, VP),
        L(VP, VB),
        L(TR, EV),
        L(VB, GA),
        L(GA, EO, "akkoord", "profiel_akkoord == True"),
        L(GA, MP, "aanpassen"),
    ],
)
