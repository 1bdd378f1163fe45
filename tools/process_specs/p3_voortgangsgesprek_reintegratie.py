from common import F, N, L

TARGET = "3-re-integratie-en-ontwikkeling/voortgangsgesprek-re-integratie.bpmn"

S = "StartEvent_trajectmijlpaal_bereikt"
GU = "Gateway_traject_uitbesteed"
MR = "Event_voortgangsrapportage_ontvangen"
RJ = "Task_voortgangsrapportage_opstellen"
GM = "Gateway_rapportage_beschikbaar"
KB = "Task_eigen_voortgang_voorbereiden"
TN = "Timer_geen_reactie"
HU = "Task_klant_opnieuw_uitnodigen"
EH = "EndEvent_klant_opnieuw_uitgenodigd"
VG = "Task_driegesprek_voeren"
GV = "Gateway_vervolg_traject"
EK = "EndEvent_traject_loopt_door"
EM = "EndEvent_klaar_voor_bemiddeling"
TB = "Task_traject_beeindigen"
ET = "EndEvent_traject_voortijdig_beeindigd"

spec = dict(
    slug="voortgangsgesprek_reintegratie",
    process_id="voortgangsgesprek_reintegratie",
    name="Voortgangsgesprek re-integratietraject",
    participant="Werkbedrijf",
    fase=3,
    stuurlijn="uitstromen",
    messages=["voortgangsrapportage_ontvangen"],
    documentation={
        "Doel": "Op de mijlpalen van een lopend re-integratietraject in een driegesprek (klant, "
        "werkcoach en trajectbegeleider) de voortgang vaststellen op basis van een "
        "voortgangsrapportage en beslissen over het traject: doorgaan, bijsturen, "
        "afronden naar bemiddeling of voortijdig beëindigen.",
        "Aanleiding": "Een mijlpaal van het traject is bereikt (na 6 weken, halverwege of aan het "
        "eind). Voert de gemeente trajecten zelf uit (profiel.uitvoering = zelf), dan "
        "schrijft de eigen trajectbegeleider (jobcoach) de rapportage; is het traject "
        "uitbesteed, dan levert het re-integratiebedrijf haar aan.",
        "Uitkomsten": "Traject loopt door, zo nodig bijgestuurd; klant klaar voor bemiddeling naar "
        "werk; traject voortijdig beëindigd bij besluit van de klantmanager (bijvoorbeeld "
        "wegens onvoldoende medewerking of omdat het traject niet (meer) past). Reageert "
        "de klant niet binnen 2 weken, dan nodigt de werkcoach hem opnieuw uit. "
        "Het plan van aanpak als geheel wordt geëvalueerd in Plan van aanpak evalueren.",
        "Wettelijke basis": "Pw art. 7 lid 1 onder a en art. 10 (voorzieningen gericht op "
        "arbeidsinschakeling); Pw art. 8a (re-integratieverordening: "
        "beëindiging van een voorziening); Pw art. 9 lid 1 onder b (meewerken "
        "aan een voorziening); Pw art. 44a (plan van aanpak); termijnen: "
        "gemeentelijke beleidsregels en inkoopcontract.",
    },
    lanes=["klant", ("werkcoach", 2), "jobcoach", "klantmanager"],
    nodes=[
        N(
            S,
            "start",
            "Mijlpaal van het traject bereikt",
            "werkcoach",
            0,
            form=[
                F(
                    "mijlpaal",
                    "Mijlpaal",
                    "enum",
                    values=[
                        ("na_zes_weken", "Na 6 weken"),
                        ("halverwege", "Halverwege"),
                        ("eindgesprek", "Einde traject"),
                    ],
                ),
                F("datum_gesprek", "Datum gesprek", "date"),
            ],
        ),
        N(
            GU,
            "xor",
            "Traject uitbesteed?",
            "werkcoach",
            1,
            default="Flow_traject_uitbesteed_naar_voortgangsrapportage_opstellen",
        ),
        N(
            MR,
            "message",
            "Voortgangsrapportage re-integratiebedrijf ontvangen",
            "werkcoach",
            2,
            message="voortgangsrapportage_ontvangen",
        ),
        N(
            RJ,
            "user",
            "Voortgangsrapportage opstellen",
            "jobcoach",
            2,
            form=[
                F("aanwezigheid_percentage", "Aanwezigheid (%)", "long", min=0, max=100),
                F("voortgang_rapportage", "Voortgang op trajectdoelen", maxlength=2000),
            ],
        ),
        N(GM, "xor", "Rapportage beschikbaar", "werkcoach", 3),
        N(
            KB,
            "user",
            "Eigen voortgang voorbereiden",
            "klant",
            4,
            form=[
                F("eigen_beoordeling", "Eigen beoordeling voortgang (1-10)", "long", min=1, max=10),
                F("hulpvraag", "Hulpvraag", required=False, maxlength=1000),
            ],
        ),
        N(
            TN,
            "boundary",
            "Geen reactie binnen 2 weken",
            attached=KB,
            duration="P2W",
            cancel=False,
            offset=0.75,
        ),
        N(
            HU,
            "user",
            "Klant opnieuw uitnodigen",
            "werkcoach",
            5,
            row=1,
            form=[
                F("contact_gelegd", "Contact met klant gelegd", "boolean"),
                F("nieuwe_datum_gesprek", "Nieuwe datum gesprek", "date"),
            ],
        ),
        N(EH, "end", "Klant opnieuw uitgenodigd", "werkcoach", 6, row=1),
        N(
            VG,
            "user",
            "Driegesprek voeren",
            "werkcoach",
            5,
            form=[
                F(
                    "vervolg_traject",
                    "Vervolg traject",
                    "enum",
                    values=[
                        ("doorgaan", "Traject loopt door"),
                        ("bijsturen", "Traject bijsturen"),
                        ("matchbaar", "Doel bereikt, klant matchbaar"),
                        ("beeindigen", "Voorstel: traject beëindigen"),
                    ],
                ),
                F("afspraken", "Afspraken", maxlength=2000),
            ],
        ),
        N(GV, "xor", "Vervolg?", "werkcoach", 7, default="Flow_vervolg_traject_naar_traject_loopt_door"),
        N(EK, "end", "Traject loopt door, zo nodig bijgestuurd", "werkcoach", 8),
        N(EM, "end", "Klaar voor bemiddeling naar werk", "klant", 8),
        N(
            TB,
            "user",
            "Traject voortijdig beëindigen",
            "klantmanager",
            8,
            form=[
                F(
                    "reden_beeindiging",
                    "Reden",
                    "enum",
                    values=[
                        ("onvoldoende_medewerking", "Onvoldoende medewerking"),
                        ("traject_past_niet", "Traject past niet (meer)"),
                        ("andere_voorziening", "Andere voorziening nodig"),
                    ],
                ),
                F("maatregel_onderzoeken", "Maatregel onderzoeken", "boolean"),
                F("datum_beeindiging", "Datum beëindiging", "date"),
            ],
        ),
        N(ET, "end", "Traject voortijdig beëindigd", "klantmanager", 9),
    ],
    flows=[
        L(S, GU),
        L(GU, MR, "uitbesteed", 'profiel.uitvoering == "uitbesteed"'),
        L(GU, RJ, "zelf"),
        L(MR, GM),
        L(RJ, GM),
        L(GM, KB),
        L(KB, VG),
        L(TN, HU),
        L(HU, EH),
        L(VG, GV),
        L(GV, EM, "matchbaar", 'vervolg_traject == "matchbaar"'),
        L(GV, TB, "beëindigen", 'vervolg_traject == "beeindigen"'),
        L(GV, EK, "doorgaan of bijsturen"),
        L(TB, ET),
    ],
)
