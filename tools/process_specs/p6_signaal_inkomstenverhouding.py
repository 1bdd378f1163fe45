from common import F, N, L

TARGET = "6-beheer-en-rechtmatigheid/signaal-inlichtingenbureau-start-inkomstenverhouding.bpmn"

S = "StartEvent_signaal_ontvangen"
T1 = "Task_signaal_vergelijken_met_dossier"
G1 = "Gateway_al_gemeld"
EAB = "EndEvent_signaal_afgedaan"
K = "Task_inkomstengegevens_aanleveren"
TK = "Timer_termijn_inkomstengegevens"
M = "Gateway_gegevens_compleet_of_termijn_verstreken"
T3 = "Task_inkomsten_vaststellen_en_herzien"
BO = "Task_betaling_aanpassen_vordering"
G2 = "Gateway_te_veel_ontvangen"
HH = "Task_schending_inlichtingenplicht_beoordelen"
EOV = "EndEvent_herzien_overtreding_beoordeeld"
EH = "EndEvent_bijstand_herzien"

spec = dict(
    slug="signaal_start_inkomstenverhouding",
    process_id="signaal_start_inkomstenverhouding",
    name="Signaal Inlichtingenbureau: start inkomstenverhouding",
    participant="Werkbedrijf",
    fase=6,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Een signaal van het Inlichtingenbureau over een nieuwe inkomstenverhouding snel "
        "afhandelen, zodat inkomsten op tijd worden verrekend en te veel betaalde bijstand "
        "beperkt blijft.",
        "Aanleiding": "Het Inlichtingenbureau meldt (uit de polisadministratie van UWV) dat de "
        "klant een inkomstenverhouding is begonnen: een dienstbetrekking, een "
        "uitkering of andere inkomsten.",
        "Uitkomsten": "Signaal afgedaan omdat de klant de inkomsten al had gemeld; bijstand "
        "herzien en betaling aangepast; bij te veel ontvangen bijstand bovendien de "
        "schending van de inlichtingenplicht beoordeeld door handhaving (boete, "
        "waarschuwing of geen verwijt). Levert de klant niets aan, dan worden de "
        "inkomsten vastgesteld uit de polisadministratie.",
        "Wettelijke basis": "Pw art. 17 (inlichtingenplicht); Pw art. 64 en Wet SUWI art. 62 "
        "(gegevensuitwisseling, Inlichtingenbureau); Pw art. 31-32 "
        "(inkomsten); Pw art. 54 lid 3 (herziening); Pw art. 58 "
        "(terugvordering); Pw art. 18a (bestuurlijke boete).",
    },
    lanes=["klant", ("inkomensconsulent", 2), "backoffice", "handhaver"],
    nodes=[
        N(
            S,
            "start",
            "Signaal ontvangen",
            "klant",
            0,
            form=[
                F("signaaldatum", "Datum signaal", "date"),
                F("inkomstenopgaver", "Werkgever of uitkeringsinstantie", maxlength=200),
                F("ingangsdatum_inkomstenverhouding", "Ingangsdatum inkomstenverhouding", "date"),
                F(
                    "soort_inkomstenverhouding",
                    "Soort inkomstenverhouding",
                    "enum",
                    values=[
                        ("dienstbetrekking", "Dienstbetrekking"),
                        ("uitkering", "Uitkering"),
                        ("overig", "Overig"),
                    ],
                ),
            ],
        ),
        N(
            T1,
            "user",
            "Signaal vergelijken met dossier",
            "inkomensconsulent",
            1,
            form=[
                F("al_gemeld_door_klant", "Inkomsten al gemeld door klant", "boolean"),
                F("toelichting_vergelijking", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            G1,
            "xor",
            "Al gemeld door klant?",
            "inkomensconsulent",
            2,
            default="Flow_al_gemeld_naar_inkomstengegevens_aanleveren",
        ),
        N(EAB, "end", "Signaal afgedaan, inkomsten al bekend", "inkomensconsulent", 3, row=1),
        N(
            K,
            "user",
            "Inkomstengegevens en toelichting aanleveren",
            "klant",
            3,
            form=[
                F("aangeleverde_loonstroken", "Aangeleverde loonstroken of specificaties", maxlength=1000),
                F("reden_niet_gemeld", "Waarom niet eerder gemeld", required=False, maxlength=1000),
            ],
        ),
        N(
            TK,
            "boundary",
            "Termijn van 2 weken verstreken",
            attached=K,
            duration="P2W",
            cancel=True,
            offset=0.75,
            side="T",
        ),
        N(M, "xor", "Gegevens bekend", "inkomensconsulent", 4),
        N(
            T3,
            "user",
            "Inkomsten vaststellen en bijstand herzien",
            "inkomensconsulent",
            5,
            form=[
                F(
                    "bron_inkomsten",
                    "Bron van de inkomstengegevens",
                    "enum",
                    values=[
                        ("klant", "Door klant aangeleverd"),
                        ("polisadministratie", "Polisadministratie (Suwinet)"),
                    ],
                ),
                F("te_veel_ontvangen", "Te veel ontvangen bijstand (euro)", "long", min=0, max=50000),
                F("ingangsdatum_herziening", "Ingangsdatum herziening", "date"),
            ],
        ),
        N(
            BO,
            "user",
            "Betaling aanpassen en vordering registreren",
            "backoffice",
            6,
            form=[
                F("eerste_betaling_nieuw_bedrag", "Eerste betaling na herziening", "date"),
                F("vordering_geregistreerd", "Vordering geregistreerd", "boolean"),
            ],
        ),
        N(
            G2,
            "xor",
            "Te veel bijstand ontvangen?",
            "backoffice",
            7,
            default="Flow_te_veel_ontvangen_naar_bijstand_herzien",
        ),
        N(
            HH,
            "user",
            "Schending inlichtingenplicht beoordelen",
            "handhaver",
            8,
            form=[
                F(
                    "vervolg_handhaving",
                    "Vervolg",
                    "enum",
                    values=[
                        ("boete", "Bestuurlijke boete voorbereiden"),
                        ("waarschuwing", "Schriftelijke waarschuwing"),
                        ("geen_verwijt", "Geen verwijt"),
                    ],
                ),
                F("motivering_handhaving", "Motivering", maxlength=2000),
            ],
        ),
        N(EOV, "end", "Bijstand herzien, overtreding beoordeeld", "handhaver", 9),
        N(EH, "end", "Bijstand herzien", "backoffice", 8),
    ],
    flows=[
        L(S, T1),
        L(T1, G1),
        L(G1, EAB, "al gemeld", "al_gemeld_door_klant == True"),
        L(G1, K, "niet gemeld"),
        L(K, M, src_port="B", tgt_port="L"),
        L(TK, M, tgt_port="T"),
        L(M, T3),
        L(T3, BO),
        L(BO, G2),
        L(G2, HH, "te veel ontvangen", "te_veel_ontvangen > 0"),
        L(G2, EH, "niets te veel"),
        L(HH, EOV),
    ],
)
