from common import F, N, L

TARGET = "5-instrumenten/loonkostensubsidie-aanvragen.bpmn"

S = "StartEvent_kandidaat_in_dienst"
AV = "Task_loonkostensubsidie_aanvragen"
TT = "Timer_aanvraagtermijn_verstreken"
ETL = "EndEvent_aanvraag_te_laat"
DG = "Task_doelgroep_vaststellen"
GD = "Gateway_doelgroep_en_beleid"
GS = "Gateway_aangewezen_groep"
GJ = "Gateway_aanvraag_toegelaten"
RO = "Task_route_loonwaarde_afspreken"
GR = "Gateway_route_loonwaarde"
ELW = "EndEvent_loonwaardebepaling_aangevraagd"
EFO = "EndEvent_forfaitaire_lks_gestart"
EGD = "EndEvent_afgewezen_geen_doelgroep"
EBG = "EndEvent_afgewezen_buiten_beleidsgroep"

spec = dict(
    slug="loonkostensubsidie_aanvragen",
    process_id="loonkostensubsidie_aanvragen",
    name="Loonkostensubsidie aanvragen",
    participant="Werkbedrijf",
    fase=5,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "De aanvraag van de werkgever voor loonkostensubsidie tijdig toetsen, zodat een "
        "werknemer die niet zelfstandig het wettelijk minimumloon kan verdienen aan het "
        "werk blijft en de werkgever gecompenseerd wordt voor de lagere loonwaarde.",
        "Aanleiding": "Een kandidaat uit de doelgroep is in dienst getreden (of treedt in dienst) bij "
        "een werkgever; de werkgever vraagt loonkostensubsidie aan, uiterlijk binnen "
        "6 maanden na de start van het dienstverband.",
        "Uitkomsten": "Aanvraag toegelaten en loonwaardebepaling op de werkplek aangevraagd; "
        "aanvraag toegelaten met forfaitaire loonkostensubsidie (loonwaardebepaling "
        "uitgesteld); aanvraag afgewezen omdat de werknemer niet tot de doelgroep "
        "behoort of (bij smalle inzet) buiten de door de gemeente aangewezen groep valt; "
        "geen loonkostensubsidie omdat de aanvraagtermijn van 6 maanden is verstreken.",
        "Wettelijke basis": "Pw art. 6 lid 1 onder e en art. 10c (doelgroep loonkostensubsidie); "
        "Pw art. 10d lid 1 en lid 2 (aanvraag binnen 6 maanden na aanvang "
        "dienstbetrekking); Pw art. 10d lid 5 (forfaitaire loonkostensubsidie); "
        "gemeentelijke beleidsregels loonkostensubsidie (brede of smalle inzet).",
    },
    lanes=[("werkgever", 2), ("klantmanager", 2), "accountmanager"],
    nodes=[
        N(
            S,
            "start",
            "Kandidaat in dienst genomen",
            "werkgever",
            0,
            form=[
                F("datum_indiensttreding", "Datum indiensttreding", "date"),
                F("uren_per_week", "Uren per week", "long", min=1, max=40),
            ],
        ),
        N(
            AV,
            "user",
            "Loonkostensubsidie aanvragen",
            "werkgever",
            1,
            form=[
                F("functie", "Functie", maxlength=200),
                F(
                    "soort_dienstverband",
                    "Soort dienstverband",
                    "enum",
                    values=[("bepaalde_tijd", "Bepaalde tijd"), ("onbepaalde_tijd", "Onbepaalde tijd")],
                ),
                F(
                    "contractduur_maanden",
                    "Contractduur in maanden (bij bepaalde tijd)",
                    "long",
                    required=False,
                    min=1,
                    max=60,
                ),
            ],
        ),
        N(
            TT,
            "boundary",
            "Aanvraagtermijn van 6 maanden verstreken",
            attached=AV,
            duration="P6M",
            cancel=True,
            offset=0.5,
        ),
        N(ETL, "end", "Geen loonkostensubsidie: aanvraag te laat", "werkgever", 2, row=1),
        N(
            DG,
            "user",
            "Aanvraag toetsen aan doelgroep en LKS-beleid",
            "klantmanager",
            2,
            row=1,
            form=[
                F("doelgroep_lks", "Kan niet zelfstandig het wettelijk minimumloon verdienen", "boolean"),
                F(
                    "aangewezen_groep",
                    "Groep",
                    "enum",
                    values=[
                        ("banenafspraak", "Doelgroepregister banenafspraak"),
                        ("beschut_werk", "Positief advies beschut werk"),
                        ("schoolverlater_pro_vso", "Schoolverlater praktijkonderwijs of vso"),
                        ("overig", "Overige doelgroep loonkostensubsidie"),
                    ],
                ),
                F("motivering_doelgroep", "Motivering", maxlength=2000),
            ],
        ),
        N(
            GD,
            "xor",
            "Doelgroep en gemeentelijk beleid?",
            "klantmanager",
            3,
            row=1,
            default="Flow_doelgroep_en_beleid_naar_afgewezen_geen_doelgroep",
        ),
        N(
            GS,
            "xor",
            "In aangewezen groep?",
            "klantmanager",
            4,
            row=1,
            default="Flow_aangewezen_groep_naar_afgewezen_buiten_beleidsgroep",
        ),
        N(EGD, "end", "Aanvraag afgewezen: geen doelgroep", "klantmanager", 4),
        N(EBG, "end", "Aanvraag afgewezen: buiten aangewezen groep", "klantmanager", 5, row=1),
        N(GJ, "xor", "Aanvraag toegelaten", "accountmanager", 4),
        N(
            RO,
            "user",
            "Route loonwaarde afspreken met werkgever",
            "accountmanager",
            5,
            form=[
                F(
                    "route_loonwaarde",
                    "Route",
                    "enum",
                    values=[
                        ("loonwaardebepaling", "Loonwaardebepaling op de werkplek"),
                        ("forfaitair", "Forfaitaire loonkostensubsidie, loonwaardebepaling uitgesteld"),
                    ],
                ),
                F(
                    "gewenste_datum_loonwaardebepaling",
                    "Gewenste datum loonwaardebepaling",
                    "date",
                    required=False,
                ),
            ],
        ),
        N(
            GR,
            "xor",
            "Route?",
            "accountmanager",
            6,
            default="Flow_route_loonwaarde_naar_loonwaardebepaling_aangevraagd",
        ),
        N(ELW, "end", "Loonwaardebepaling aangevraagd", "accountmanager", 7),
        N(EFO, "end", "Forfaitaire loonkostensubsidie gestart", "klantmanager", 7, row=1),
    ],
    flows=[
        L(S, AV),
        L(TT, ETL),
        L(AV, DG),
        L(DG, GD),
        L(GD, GJ, "doelgroep, brede inzet", "doelgroep_lks and profiel.lks_breed"),
        L(GD, GS, "doelgroep, smalle inzet", "doelgroep_lks and not profiel.lks_breed"),
        L(GD, EGD, "geen doelgroep", src_port="T"),
        L(GS, GJ, "aangewezen groep", 'aangewezen_groep != "overig"', src_port="B"),
        L(GS, EBG, "buiten aangewezen groep"),
        L(GJ, RO),
        L(RO, GR),
        L(GR, ELW, "loonwaardebepaling"),
        L(GR, EFO, "forfaitair", 'route_loonwaarde == "forfaitair"'),
    ],
)
