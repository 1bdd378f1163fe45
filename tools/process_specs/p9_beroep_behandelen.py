from common import F, N, L

TARGET = "9-rechtsbescherming/beroep-behandelen.bpmn"

S = "StartEvent_beroep_ingesteld"
VS = "Task_verweerschrift_indienen"
TS = "Timer_termijn_stukken_verstreken"
UT = "Task_uitstel_vragen"
EUT = "EndEvent_uitstel_gevraagd"
GP = "Gateway_proceshouding"
ZI = "Task_zitting_bijwonen"
MU = "Message_uitspraak_ontvangen"
UB = "Task_uitspraak_beoordelen"
GU = "Gateway_uitspraak"
EO = "EndEvent_beroep_ongegrond"
GN = "Gateway_nieuw_besluit_nodig"
NB = "Task_nieuw_besluit_nemen"
EH = "EndEvent_besluit_herzien"

spec = dict(
    slug="beroep_behandelen",
    process_id="beroep_behandelen",
    name="Beroep behandelen",
    participant="Werkbedrijf",
    fase=9,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Het beroep van de klant bij de rechtbank tegen een beslissing op bezwaar "
        "tijdig en zorgvuldig voeren, en een onhoudbaar besluit zelf herstellen in "
        "plaats van het op een uitspraak te laten aankomen.",
        "Aanleiding": "De klant heeft beroep ingesteld bij de rechtbank (sector bestuursrecht) "
        "tegen een beslissing op bezwaar; de griffie zendt het beroepschrift aan "
        "het college.",
        "Uitkomsten": "Beroep gegrond, nieuw besluit genomen (Awb 8:72); besluit hangende beroep "
        "zelf herzien (Awb 6:19); beroep ongegrond of niet-ontvankelijk, besluit "
        "blijft in stand. Dreigt de termijn voor de stukken (4 weken) te verlopen, "
        "dan vraagt de jurist uitstel aan de rechtbank.",
        "Wettelijke basis": "Awb 8:1 en 6:7 (beroep, termijn 6 weken); Awb 8:42 (stukken en "
        "verweerschrift binnen 4 weken, verlenging); Awb 6:18 en 6:19 (nieuw "
        "besluit hangende beroep); Awb 8:56 en 8:66 (zitting, uitspraak); "
        "Awb 8:72 en 8:75 (gevolgen van vernietiging, proceskosten).",
    },
    lanes=["klant", ("jurist", 2), "klantmanager"],
    messages=["uitspraak_rechtbank"],
    nodes=[
        N(
            S,
            "start",
            "Beroep ingesteld bij de rechtbank",
            "klant",
            0,
            form=[
                F("datum_beroepschrift", "Datum beroepschrift", "date"),
                F("bestreden_beslissing", "Bestreden beslissing op bezwaar", maxlength=200),
                F("voorlopige_voorziening_gevraagd", "Voorlopige voorziening gevraagd", "boolean"),
            ],
        ),
        N(
            VS,
            "user",
            "Proceshouding bepalen en verweerschrift indienen",
            "jurist",
            1,
            row=1,
            form=[
                F(
                    "proceshouding",
                    "Proceshouding",
                    "enum",
                    values=[
                        ("verweer_voeren", "Verweer voeren"),
                        ("besluit_herzien", "Besluit zelf herzien"),
                    ],
                ),
                F("datum_stukken_ingediend", "Datum stukken en verweerschrift ingediend", "date"),
                F("kern_verweer", "Kern van het verweer", required=False, maxlength=2000),
            ],
        ),
        N(
            TS,
            "boundary",
            "Termijn stukken van 4 weken verstreken",
            attached=VS,
            duration="P4W",
            cancel=False,
            offset=0.75,
            side="T",
        ),
        N(
            UT,
            "user",
            "Uitstel vragen bij de rechtbank",
            "jurist",
            2,
            form=[
                F("uitstel_gevraagd_tot", "Uitstel gevraagd tot", "date"),
                F("reden_uitstel", "Reden", maxlength=1000),
            ],
        ),
        N(EUT, "end", "Uitstel termijn stukken gevraagd", "jurist", 3),
        N(
            GP,
            "xor",
            "Proceshouding?",
            "jurist",
            2,
            row=1,
            default="Flow_proceshouding_naar_zitting_bijwonen",
        ),
        N(
            ZI,
            "user",
            "Zitting bijwonen",
            "jurist",
            3,
            row=1,
            form=[
                F("datum_zitting", "Datum zitting", "date"),
                F("klant_verschenen", "Klant verschenen", "boolean"),
            ],
        ),
        N(MU, "message", "Uitspraak rechtbank ontvangen", "jurist", 4, row=1, message="uitspraak_rechtbank"),
        N(
            UB,
            "user",
            "Uitspraak beoordelen",
            "jurist",
            5,
            row=1,
            form=[
                F(
                    "uitspraak",
                    "Uitspraak",
                    "enum",
                    values=[
                        ("gegrond", "Gegrond"),
                        ("ongegrond", "Ongegrond"),
                        ("niet_ontvankelijk", "Niet-ontvankelijk"),
                    ],
                ),
                F("datum_uitspraak", "Datum uitspraak", "date"),
                F("opdracht_rechtbank", "Opdracht van de rechtbank", required=False, maxlength=1000),
            ],
        ),
        N(GU, "xor", "Beroep gegrond?", "jurist", 6, row=1, default="Flow_uitspraak_naar_beroep_ongegrond"),
        N(EO, "end", "Beroep ongegrond, besluit blijft in stand", "klant", 7),
        N(GN, "xor", "Nieuw besluit", "klantmanager", 7),
        N(
            NB,
            "user",
            "Nieuw besluit nemen",
            "klantmanager",
            8,
            form=[
                F("datum_nieuw_besluit", "Datum nieuw besluit", "date"),
                F("nabetaling_nodig", "Nabetaling nodig", "boolean"),
                F("proceskosten_vergoed", "Griffierecht en proceskosten vergoed", "boolean"),
            ],
        ),
        N(EH, "end", "Besluit herzien", "klantmanager", 9),
    ],
    flows=[
        L(S, VS),
        L(TS, UT),
        L(UT, EUT),
        L(VS, GP),
        L(GP, GN, "besluit herzien", 'proceshouding == "besluit_herzien"', src_port="B"),
        L(GP, ZI, "verweer voeren"),
        L(ZI, MU),
        L(MU, UB),
        L(UB, GU),
        L(GU, GN, "gegrond", 'uitspraak == "gegrond"', src_port="B"),
        L(GU, EO, "ongegrond of niet-ontvankelijk", src_port="T"),
        L(GN, NB),
        L(NB, EH),
    ],
)
