from common import F, N, L

TARGET = "4-werkgeversdienstverlening-en-matching/werkgever-werven-en-accountplan.bpmn"

S = "StartEvent_werkgever_in_beeld"
MK = "Gateway_kennismaking_plannen"
KG = "Task_kennismakingsgesprek_voeren"
GI = "Gateway_interesse_werkgever"
TO = "Timer_opvolgmoment"
EG = "EndEvent_geen_samenwerking"
MA = "Gateway_accountplan_opstellen"
AP = "Task_accountplan_opstellen"
AB = "Task_accountplan_bespreken"
GA = "Gateway_accountplan_akkoord"
EA = "EndEvent_werkgever_in_accountbeheer"

spec = dict(
    slug="werkgever_werven_en_accountplan",
    process_id="werkgever_werven_en_accountplan",
    name="Werkgever werven en accountplan opstellen",
    participant="Werkbedrijf",
    fase=4,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Werkgevers binden die kandidaten uit de bijstand en de doelgroep banenafspraak "
        "een kans willen geven, en met elke vaste partner een accountplan afspreken "
        "(aantal plaatsingen, dienstverlening, contactpersonen), zodat er banen klaarliggen "
        "voor matchbare kandidaten.",
        "Aanleiding": "Een werkgever komt in beeld: door marktbewerking van het "
        "werkgeversservicepunt, via het netwerk of doordat hij zich zelf meldt.",
        "Uitkomsten": "Werkgever in accountbeheer met een door hem bevestigd accountplan; of geen "
        "samenwerking. Heeft de werkgever nu geen ruimte, dan volgt na 3 maanden "
        "een nieuw kennismakingsgesprek.",
        "Wettelijke basis": "Pw art. 7 lid 1 onder b (ondersteuning bij arbeidsinschakeling); "
        "Wet banenafspraak en quotum arbeidsbeperkten (Wet financiering sociale "
        "verzekeringen, hoofdstuk 4a); Wet SUWI art. 10 (regionale "
        "werkgeversdienstverlening); gemeentelijke beleidsregels.",
    },
    lanes=["werkgever", ("accountmanager", 2)],
    nodes=[
        N(
            S,
            "start",
            "Werkgever in beeld gekomen",
            "werkgever",
            0,
            form=[
                F(
                    "bron_contact",
                    "Hoe in beeld",
                    "enum",
                    values=[
                        ("marktbewerking", "Marktbewerking werkgeversservicepunt"),
                        ("netwerk", "Via netwerk of partner"),
                        ("werkgever_meldt_zich", "Werkgever meldt zich zelf"),
                    ],
                ),
                F("sector", "Sector", maxlength=200),
                F("aantal_medewerkers", "Aantal medewerkers", "long", min=1, max=100000),
            ],
        ),
        N(MK, "xor", "Kennismaking (opnieuw) plannen", "accountmanager", 1),
        N(
            KG,
            "user",
            "Kennismakingsgesprek voeren",
            "accountmanager",
            2,
            form=[
                F(
                    "interesse_werkgever",
                    "Interesse werkgever",
                    "enum",
                    values=[
                        ("samenwerking", "Wil samenwerken"),
                        ("later", "Nu geen ruimte, later opnieuw"),
                        ("geen", "Geen interesse"),
                    ],
                ),
                F("verwachte_plaatsingen", "Verwachte plaatsingen per jaar", "long", min=0, max=500),
                F("verslag_kennismaking", "Verslag", required=False, maxlength=2000),
            ],
        ),
        N(
            GI,
            "xor",
            "Interesse?",
            "accountmanager",
            3,
            default="Flow_interesse_werkgever_naar_geen_samenwerking",
        ),
        N(TO, "timer", "Opvolgmoment na 3 maanden", "werkgever", 3, duration="P3M"),
        N(EG, "end", "Geen samenwerking met werkgever", "accountmanager", 4, row=1),
        N(MA, "xor", "Accountplan (opnieuw) opstellen", "accountmanager", 5),
        N(
            AP,
            "user",
            "Accountplan opstellen",
            "accountmanager",
            6,
            form=[
                F("doel_plaatsingen", "Afgesproken plaatsingen per jaar", "long", min=1, max=500),
                F("dienstverlening", "Dienstverlening", maxlength=1000),
                F("vaste_contactpersoon", "Vaste contactpersoon werkgever", maxlength=200),
            ],
        ),
        N(
            AB,
            "user",
            "Accountplan bespreken en bevestigen",
            "werkgever",
            7,
            form=[
                F("accountplan_akkoord", "Akkoord met accountplan", "boolean"),
                F("opmerkingen_werkgever", "Opmerkingen", required=False, maxlength=1000),
            ],
        ),
        N(
            GA,
            "xor",
            "Akkoord?",
            "werkgever",
            8,
            default="Flow_accountplan_akkoord_naar_accountplan_opstellen",
        ),
        N(EA, "end", "Werkgever in accountbeheer", "werkgever", 9),
    ],
    flows=[
        L(S, MK),
        L(MK, KG),
        L(KG, GI),
        L(GI, MA, "samenwerking", 'interesse_werkgever == "samenwerking"'),
        L(GI, TO, "later", 'interesse_werkgever == "later"'),
        L(GI, EG, "geen interesse"),
        L(TO, MK),
        L(MA, AP),
        L(AP, AB),
        L(AB, GA),
        L(GA, EA, "akkoord", "accountplan_akkoord == True"),
        L(GA, MA, "aanpassen"),
    ],
)
