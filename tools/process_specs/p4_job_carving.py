from common import F, N, L

TARGET = "4-werkgeversdienstverlening-en-matching/job-carving.bpmn"

S = "StartEvent_werkgever_wil_taken_herverdelen"
TA = "Task_takenanalyse_uitvoeren"
GH = "Gateway_takenpakket_haalbaar"
EG = "EndEvent_geen_passende_functie"
MF = "Gateway_functie_ontwerpen"
FO = "Task_functie_ontwerpen"
FG = "Task_functie_goedkeuren"
GG = "Gateway_functie_goedgekeurd"
EA = "EndEvent_werkgever_ziet_af"
PS = "Gateway_functie_invullen"
WV = "Task_werkplek_en_team_voorbereiden"
KZ = "Task_kandidaat_voor_functie_zoeken"
PJ = "Gateway_functie_klaar"
EF = "EndEvent_functie_gecreeerd"

spec = dict(
    slug="job_carving",
    process_id="job_carving",
    name="Job carving",
    participant="Werkbedrijf",
    fase=4,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Uit bestaande functies bij een werkgever eenvoudige taken lichten en daarmee een "
        "nieuwe, passende functie maken voor een kandidaat met een afstand tot de "
        "arbeidsmarkt, zodat de werkgever ontlast wordt en de kandidaat kan werken.",
        "Aanleiding": "Een werkgever wil taken herverdelen, bijvoorbeeld na een scan inclusief "
        "ondernemen of een vacature-intake waarin de vacature pas na herverdeling "
        "van taken passend is.",
        "Uitkomsten": "Functie gecreëerd, werkplek voorbereid en kandidaat voorgedragen; geen "
        "passende functie te creëren; of werkgever ziet af van de nieuwe functie. "
        "Na goedkeuring bereidt de jobcoach werkplek en team voor terwijl de "
        "accountmanager tegelijk een kandidaat zoekt.",
        "Wettelijke basis": "Pw art. 7 lid 1 onder b (ondersteuning bij arbeidsinschakeling); "
        "Pw art. 10 (voorzieningen gericht op arbeidsinschakeling); "
        "Wet banenafspraak en quotum arbeidsbeperkten; gemeentelijke "
        "beleidsregels.",
    },
    lanes=["werkgever", "accountmanager", "jobcoach"],
    nodes=[
        N(
            S,
            "start",
            "Werkgever wil taken herverdelen",
            "werkgever",
            0,
            form=[
                F("afdeling", "Afdeling", maxlength=200),
                F("beoogd_aantal_functies", "Beoogd aantal nieuwe functies", "long", min=1, max=20),
            ],
        ),
        N(
            TA,
            "user",
            "Takenanalyse uitvoeren",
            "accountmanager",
            1,
            form=[
                F("afsplitsbare_taken", "Afsplitsbare taken", maxlength=2000),
                F("uren_per_week", "Uren werk per week", "long", min=0, max=40),
                F("takenpakket_haalbaar", "Samenhangend takenpakket mogelijk", "boolean"),
            ],
        ),
        N(
            GH,
            "xor",
            "Takenpakket haalbaar?",
            "accountmanager",
            2,
            default="Flow_takenpakket_haalbaar_naar_geen_passende_functie",
        ),
        N(EG, "end", "Geen passende functie te creëren", "werkgever", 2),
        N(MF, "xor", "Functie (opnieuw) ontwerpen", "accountmanager", 3),
        N(
            FO,
            "user",
            "Nieuwe functie ontwerpen",
            "accountmanager",
            4,
            form=[
                F("functienaam", "Functienaam", maxlength=200),
                F("functieprofiel", "Functieprofiel en taken", maxlength=2000),
                F("inschaling", "Inschaling", maxlength=100),
            ],
        ),
        N(
            FG,
            "user",
            "Functie en inpassing goedkeuren",
            "werkgever",
            5,
            form=[
                F(
                    "besluit_functie",
                    "Besluit werkgever",
                    "enum",
                    values=[
                        ("goedgekeurd", "Goedgekeurd"),
                        ("aanpassen", "Aanpassen"),
                        ("afgezien", "Werkgever ziet af"),
                    ],
                ),
                F("toelichting_werkgever", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            GG,
            "xor",
            "Functie goedgekeurd?",
            "werkgever",
            6,
            default="Flow_functie_goedgekeurd_naar_werkgever_ziet_af",
        ),
        N(EA, "end", "Werkgever ziet af van nieuwe functie", "werkgever", 7),
        N(PS, "and", "Functie invullen", "accountmanager", 7),
        N(
            KZ,
            "user",
            "Kandidaat voor functie zoeken en voordragen",
            "accountmanager",
            8,
            form=[
                F("voorgedragen_kandidaat", "Voorgedragen kandidaat", maxlength=200),
                F("datum_voordracht", "Datum voordracht", "date"),
            ],
        ),
        N(
            WV,
            "user",
            "Werkplek en team voorbereiden",
            "jobcoach",
            8,
            form=[
                F("werkplekaanpassing_nodig", "Werkplekaanpassing nodig", "boolean"),
                F("interne_begeleider", "Interne begeleider bij werkgever", maxlength=200),
            ],
        ),
        N(PJ, "and", "Functie klaar voor start", "accountmanager", 9),
        N(EF, "end", "Functie gecreëerd, kandidaat voorgedragen", "accountmanager", 10),
    ],
    flows=[
        L(S, TA),
        L(TA, GH),
        L(GH, MF, "haalbaar", "takenpakket_haalbaar == True"),
        L(GH, EG, "niet haalbaar"),
        L(MF, FO),
        L(FO, FG),
        L(FG, GG),
        L(GG, PS, "goedgekeurd", 'besluit_functie == "goedgekeurd"'),
        L(GG, MF, "aanpassen", 'besluit_functie == "aanpassen"', src_port="T", tgt_port="T"),
        L(GG, EA, "afgezien"),
        L(PS, KZ),
        L(PS, WV),
        L(KZ, PJ),
        L(WV, PJ),
        L(PJ, EF),
    ],
)
