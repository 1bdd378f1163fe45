from common import F, N, L

TARGET = "0-melding-en-poort/rechten-en-plichtenbijeenkomst.bpmn"

S = "StartEvent_bijstand_aangevraagd"
GJ = "Gateway_uitnodigen"
UI = "Task_uitnodigen_en_inplannen"
GA = "Gateway_aanpak"
GR = "Task_groepsbijeenkomst_houden"
IG = "Task_individueel_gesprek_voeren"
GM = "Gateway_bijeenkomst_gehouden"
GP = "Gateway_aanwezig"
BV = "Task_rechten_en_plichten_bevestigen"
EI = "EndEvent_klant_geinformeerd"
NV = "Task_niet_verschijnen_beoordelen"
GV = "Gateway_vervolg_niet_verschijnen"
EM = "EndEvent_maatregel_voorgesteld"

spec = dict(
    slug="rechten_en_plichtenbijeenkomst",
    process_id="rechten_en_plichtenbijeenkomst",
    name="Rechten-en-plichtenbijeenkomst",
    participant="Werkbedrijf",
    fase=0,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Iedere nieuwe klant aan het begin weet wat hij van de gemeente mag verwachten en "
        "wat er van hem wordt verwacht (inlichtingenplicht, arbeidsverplichtingen, "
        "gevolgen van niet nakomen), zodat fouten en maatregelen later worden voorkomen.",
        "Aanleiding": "De klant heeft bijstand aangevraagd en wordt uitgenodigd voor een "
        "rechten-en-plichtenbijeenkomst: in een groep of individueel, naar de "
        "aanpak van de gemeente (profiel.aanpak).",
        "Uitkomsten": "Klant geïnformeerd en heeft de rechten en plichten bevestigd; bij niet "
        "verschijnen opnieuw uitgenodigd (geldige reden of eerste keer) of een "
        "maatregel voorgesteld wegens verwijtbaar niet verschijnen.",
        "Wettelijke basis": "Pw art. 17 lid 1 en 2 (inlichtingen- en medewerkingsplicht, "
        "verschijnen op oproep); Pw art. 9 lid 1 (arbeidsverplichtingen); "
        "Pw art. 18 lid 2 en 4 (maatregel, afstemmingsverordening); "
        "Awb 3:2 (zorgvuldige voorbereiding).",
    },
    lanes=["klant", "backoffice", "werkcoach", "klantmanager"],
    nodes=[
        N(
            S,
            "start",
            "Bijstand aangevraagd",
            "klant",
            0,
            form=[
                F("datum_aanvraag", "Datum aanvraag", "date"),
                F("tolk_nodig", "Tolk nodig", "boolean"),
            ],
        ),
        N(GJ, "xor", "Uitnodigen", "backoffice", 1),
        N(
            UI,
            "user",
            "Uitnodigen en inplannen",
            "backoffice",
            2,
            form=[
                F("datum_bijeenkomst", "Datum bijeenkomst of gesprek", "date"),
                F(
                    "uitnodiging_via",
                    "Uitnodiging verstuurd via",
                    "enum",
                    values=[("post", "Post"), ("berichtenbox", "Berichtenbox of Mijn-omgeving")],
                ),
            ],
        ),
        N(
            GA,
            "xor",
            "Groep of individueel?",
            "backoffice",
            3,
            default="Flow_aanpak_naar_individueel_gesprek_voeren",
        ),
        N(
            GR,
            "user",
            "Groepsbijeenkomst houden en presentie registreren",
            "werkcoach",
            4,
            form=[
                F(
                    "presentie",
                    "Presentie",
                    "enum",
                    values=[
                        ("aanwezig", "Aanwezig"),
                        ("afwezig_met_bericht", "Afwezig met bericht"),
                        ("afwezig_zonder_bericht", "Afwezig zonder bericht"),
                    ],
                ),
                F("bijzonderheden", "Bijzonderheden", required=False, maxlength=1000),
            ],
        ),
        N(
            IG,
            "user",
            "Individueel gesprek rechten en plichten voeren",
            "klantmanager",
            4,
            form=[
                F(
                    "presentie",
                    "Presentie",
                    "enum",
                    values=[
                        ("aanwezig", "Aanwezig"),
                        ("afwezig_met_bericht", "Afwezig met bericht"),
                        ("afwezig_zonder_bericht", "Afwezig zonder bericht"),
                    ],
                ),
                F("bijzonderheden", "Bijzonderheden", required=False, maxlength=1000),
            ],
        ),
        N(GM, "xor", "Bijeenkomst gehouden", "werkcoach", 5),
        N(
            GP,
            "xor",
            "Klant aanwezig?",
            "werkcoach",
            6,
            default="Flow_aanwezig_naar_niet_verschijnen_beoordelen",
        ),
        N(
            BV,
            "user",
            "Rechten en plichten bevestigen",
            "klant",
            7,
            form=[
                F("ontvangst_bevestigd", "Informatie ontvangen en begrepen", "boolean"),
                F("vragen_klant", "Vragen", required=False, maxlength=1000),
            ],
        ),
        N(EI, "end", "Klant geïnformeerd over rechten en plichten", "klant", 8),
        N(
            NV,
            "user",
            "Niet verschijnen beoordelen",
            "klantmanager",
            7,
            form=[
                F("geldige_reden", "Geldige reden voor afwezigheid", "boolean"),
                F(
                    "vervolg",
                    "Vervolg",
                    "enum",
                    values=[
                        ("opnieuw_uitnodigen", "Opnieuw uitnodigen"),
                        ("maatregel_voorstellen", "Maatregel voorstellen"),
                    ],
                ),
                F("motivering_vervolg", "Motivering", maxlength=1000),
            ],
        ),
        N(GV, "xor", "Vervolg?", "klantmanager", 8, default="Flow_vervolg_niet_verschijnen_naar_uitnodigen"),
        N(EM, "end", "Maatregel voorgesteld wegens niet verschijnen", "klantmanager", 9),
    ],
    flows=[
        L(S, GJ),
        L(GJ, UI),
        L(UI, GA),
        L(GA, GR, "groep", 'profiel.aanpak == "groep"', src_port="R"),
        L(GA, IG, "individueel", src_port="B"),
        L(GR, GM),
        L(IG, GM),
        L(GM, GP),
        L(GP, BV, "aanwezig", 'presentie == "aanwezig"'),
        L(GP, NV, "afwezig"),
        L(NV, GV),
        L(GV, EM, "maatregel", 'vervolg == "maatregel_voorstellen" and not geldige_reden'),
        L(GV, GJ, "opnieuw uitnodigen", src_port="B", tgt_port="B"),
        L(BV, EI),
    ],
)
