from common import F, N, L

TARGET = "5-instrumenten/jaarlijkse-herberekening-lks.bpmn"

S = "StartEvent_minimumloon_geindexeerd"
LG = "Task_loongegevens_bevestigen"
TR = "Timer_geen_reactie_werkgever"
GH = "Gateway_herberekening_starten"
HB = "Task_lks_herberekenen"
GL = "Gateway_loonwaarde_geldig"
HP = "Task_herbeoordeling_inplannen"
EH = "EndEvent_geindexeerd_herbeoordeling_gepland"
EG = "EndEvent_lks_geindexeerd"

spec = dict(
    slug="jaarlijkse_herberekening_lks",
    process_id="jaarlijkse_herberekening_lks",
    name="Jaarlijkse herberekening loonkostensubsidie",
    participant="Werkbedrijf",
    fase=5,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "De lopende loonkostensubsidie per 1 januari aanpassen aan het geïndexeerde "
        "wettelijk minimumloon, zodat werkgever en werknemer niet op de indexering achterlopen.",
        "Aanleiding": "Per 1 januari is het wettelijk minimumloon geïndexeerd; voor iedere lopende "
        "loonkostensubsidie start de backoffice een herberekening.",
        "Uitkomsten": "Loonkostensubsidie geïndexeerd en wijzigingsbeschikking aan de werkgever "
        "verzonden; als de geldigheid van de loonwaarde in het nieuwe jaar afloopt, "
        "daarnaast een herbeoordeling van de loonwaarde ingepland. Bevestigt de werkgever "
        "zijn loon- en urengegevens niet binnen 4 weken, dan wordt herberekend met de "
        "laatst bekende gegevens.",
        "Wettelijke basis": "Pw art. 10d lid 7 (aanpassing per 1 januari aan het gewijzigde "
        "wettelijk minimumloon); Wet minimumloon en minimumvakantiebijslag "
        "art. 14 (indexering); gemeentelijke beleidsregels (reactietermijn werkgever).",
    },
    lanes=["werkgever", "backoffice", "accountmanager"],
    nodes=[
        N(
            S,
            "start",
            "Minimumloon per 1 januari geïndexeerd",
            "backoffice",
            0,
            form=[
                F("kalenderjaar", "Kalenderjaar", "long", min=2024, max=2100),
                F("datum_indexering", "Datum indexering", "date"),
            ],
        ),
        N(
            LG,
            "user",
            "Loon- en urengegevens per 1 januari bevestigen",
            "werkgever",
            1,
            form=[
                F("uren_per_week", "Uren per week", "long", min=1, max=40),
                F("cao_loon_gewijzigd", "Cao-loon per 1 januari gewijzigd", "boolean"),
            ],
        ),
        N(
            TR,
            "boundary",
            "Geen reactie binnen 4 weken",
            attached=LG,
            duration="P4W",
            cancel=True,
            offset=0.75,
        ),
        N(GH, "xor", "Herberekening starten", "backoffice", 2),
        N(
            HB,
            "user",
            "LKS herberekenen en wijzigingsbeschikking verzenden",
            "backoffice",
            3,
            form=[
                F("nieuw_lks_per_maand", "Loonkostensubsidie per maand (euro)", "long", min=1, max=5000),
                F("ingangsdatum_wijziging", "Ingangsdatum wijziging", "date"),
                F("loonwaarde_geldig_nieuw_jaar", "Loonwaarde blijft het hele nieuwe jaar geldig", "boolean"),
            ],
        ),
        N(
            GL,
            "xor",
            "Loonwaarde nog geldig?",
            "backoffice",
            4,
            default="Flow_loonwaarde_geldig_naar_herbeoordeling_inplannen",
        ),
        N(EG, "end", "Loonkostensubsidie geïndexeerd", "werkgever", 5),
        N(
            HP,
            "user",
            "Herbeoordeling loonwaarde inplannen met werkgever",
            "accountmanager",
            5,
            form=[
                F("datum_herbeoordeling", "Datum herbeoordeling", "date"),
                F("werkgever_geinformeerd", "Werkgever geïnformeerd", "boolean"),
            ],
        ),
        N(EH, "end", "Geïndexeerd, herbeoordeling loonwaarde gepland", "accountmanager", 6),
    ],
    flows=[
        L(S, LG),
        L(LG, GH),
        L(TR, GH),
        L(GH, HB),
        L(HB, GL),
        L(GL, EG, "nog geldig", "loonwaarde_geldig_nieuw_jaar", src_port="T"),
        L(GL, HP, "herbeoordeling nodig"),
        L(HP, EH),
    ],
)
