from common import F, N, L

TARGET = "6-beheer-en-rechtmatigheid/bestuurlijke-boete.bpmn"

S = "StartEvent_schending_inlichtingenplicht"
T1 = "Task_verhoren_met_cautie"
T2 = "Task_verwijtbaarheid_boete_bepalen"
G = "Gateway_boete_of_waarschuwing"
EA = "EndEvent_afgezien_van_boete"
EW = "EndEvent_waarschuwing_gegeven"
K = "Task_zienswijze_boetevoornemen"
TZ = "Timer_zienswijzetermijn_boete"
M = "Gateway_zienswijze_boete_verwerkt"
J = "Task_boetebesluit_nemen"
TB = "Timer_beslistermijn_boete"
EBT = "EndEvent_beslistermijn_boete_overschreden"
BO = "Task_boetevordering_registreren"
EB = "EndEvent_boete_opgelegd"

spec = dict(
    slug="bestuurlijke_boete",
    process_id="bestuurlijke_boete",
    name="Bestuurlijke boete",
    participant="Werkbedrijf",
    fase=6,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Een schending van de inlichtingenplicht die tot te veel bijstand heeft geleid "
        "evenredig beboeten (of met een waarschuwing afdoen), met de waarborgen van het "
        "punitieve bestuursrecht.",
        "Aanleiding": "Vastgesteld is dat de klant de inlichtingenplicht heeft geschonden en dat "
        "daardoor een benadelingsbedrag is ontstaan (uit signaal, heronderzoek of "
        "fraudeonderzoek).",
        "Uitkomsten": "Boete opgelegd en vordering geregistreerd (verrekening met bijstand "
        "mogelijk); schriftelijke waarschuwing bij een klein benadelingsbedrag zonder "
        "recidive; afgezien van boete bij geen verwijtbaarheid of dringende redenen. "
        "Dreigt de beslistermijn te verlopen, dan wordt dat gesignaleerd terwijl de "
        "besluitvorming doorloopt.",
        "Wettelijke basis": "Pw art. 18a (bestuurlijke boete; hoogte naar verwijtbaarheid, ten "
        "hoogste het benadelingsbedrag; waarschuwing); Boetebesluit "
        "socialezekerheidswetten art. 2a (waarschuwing bij benadelingsbedrag "
        "onder € 150); Awb 5:10a (cautie); Awb 5:46 (evenredigheid); Awb 5:53 "
        "(zienswijze); Awb 5:51 (beslistermijn 13 weken na het rapport); Pw "
        "art. 60b (verrekening boete).",
    },
    lanes=["klant", "handhaver", ("jurist", 2), "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Schending inlichtingenplicht vastgesteld",
            "klant",
            0,
            form=[
                F("benadelingsbedrag", "Benadelingsbedrag (euro)", "long", min=0, max=100000),
                F("eerdere_overtreding", "Eerder beboet of gewaarschuwd (recidive)", "boolean"),
                F("datum_rapport", "Datum boeterapport", "date"),
            ],
        ),
        N(
            T1,
            "user",
            "Klant verhoren met cautie",
            "handhaver",
            1,
            form=[
                F("verklaring_afgelegd", "Klant heeft verklaring afgelegd", "boolean"),
                F("verklaring", "Verklaring", required=False, maxlength=4000),
            ],
        ),
        N(
            T2,
            "user",
            "Verwijtbaarheid en boetehoogte bepalen",
            "handhaver",
            2,
            form=[
                F(
                    "verwijtbaarheid",
                    "Verwijtbaarheid",
                    "enum",
                    values=[
                        ("geen", "Geen verwijtbaarheid"),
                        ("verminderd", "Verminderde verwijtbaarheid"),
                        ("normaal", "Normale verwijtbaarheid"),
                        ("grove_schuld", "Grove schuld"),
                        ("opzet", "Opzet"),
                    ],
                ),
                F("dringende_redenen", "Dringende redenen om af te zien", "boolean"),
                F("voorgenomen_boete", "Voorgenomen boete (euro)", "long", min=0, max=100000),
            ],
        ),
        N(
            G,
            "xor",
            "Boete of waarschuwing?",
            "handhaver",
            3,
            default="Flow_boete_of_waarschuwing_naar_zienswijze_boetevoornemen",
        ),
        N(EA, "end", "Afgezien van boete", "handhaver", 4),
        N(EW, "end", "Schriftelijke waarschuwing gegeven", "klant", 4),
        N(
            K,
            "user",
            "Zienswijze op boetevoornemen geven",
            "klant",
            5,
            form=[
                F("zienswijze_boete", "Zienswijze", maxlength=4000),
                F("draagkracht_aangevoerd", "Beperkte draagkracht aangevoerd", "boolean"),
            ],
        ),
        N(
            TZ,
            "boundary",
            "Zienswijzetermijn van 2 weken verstreken",
            attached=K,
            duration="P2W",
            cancel=True,
            offset=0.75,
            side="T",
        ),
        N(M, "xor", "Zienswijze verwerkt", "jurist", 6),
        N(
            J,
            "user",
            "Boetebesluit nemen",
            "jurist",
            7,
            form=[
                F("boetebedrag", "Boetebedrag (euro)", "long", min=0, max=100000),
                F("datum_boetebesluit", "Datum boetebesluit", "date"),
                F("motivering_boete", "Motivering (evenredigheid en draagkracht)", maxlength=4000),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 13 weken verstreken",
            attached=J,
            duration="P13W",
            cancel=False,
            offset=0.75,
        ),
        N(EBT, "end", "Beslistermijn boete overschreden", "jurist", 8, row=1),
        N(
            BO,
            "user",
            "Boetevordering registreren",
            "backoffice",
            9,
            form=[
                F("verrekenen_met_bijstand", "Verrekenen met lopende bijstand", "boolean"),
                F("vorderingsnummer", "Vorderingsnummer", maxlength=40),
            ],
        ),
        N(EB, "end", "Boete opgelegd", "backoffice", 10),
    ],
    flows=[
        L(S, T1),
        L(T1, T2),
        L(T2, G),
        L(G, EA, "afzien", 'verwijtbaarheid == "geen" or dringende_redenen'),
        L(
            G,
            EW,
            "waarschuwing",
            'benadelingsbedrag < 150 and not eerdere_overtreding and verwijtbaarheid != "geen" '
            "and not dringende_redenen",
        ),
        L(G, K, "boete"),
        L(K, M, src_port="B", tgt_port="L"),
        L(TZ, M, tgt_port="T"),
        L(M, J),
        L(TB, EBT),
        L(J, BO, src_port="R"),
        L(BO, EB),
    ],
)
