from common import F, N, L

TARGET = "0-melding-en-poort/uitzondering-op-zoektermijn-beoordelen.bpmn"

S = "StartEvent_bijzondere_omstandigheden_gemeld"
OB = "Task_omstandigheden_beoordelen"
TZ = "Timer_zoektermijn_verstreken"
EZ = "EndEvent_zoektermijn_al_verstreken"
GB = "Gateway_uitzondering"
PS = "Gateway_direct_starten"
AI = "Task_aanvraag_direct_in_behandeling"
OI = "Task_ondersteuning_inzetten"
PJ = "Gateway_direct_gestart"
ED = "EndEvent_aanvraag_direct_in_behandeling"
VK = "Task_zoektermijn_verkorten"
EV = "EndEvent_zoektermijn_verkort"
GM = "Task_besluit_motiveren"
EG = "EndEvent_zoektermijn_blijft_gelden"

spec = dict(
    slug="uitzondering_op_zoektermijn_beoordelen",
    process_id="uitzondering_op_zoektermijn_beoordelen",
    name="Uitzondering op zoektermijn beoordelen",
    participant="Werkbedrijf",
    fase=0,
    stuurlijn="voorkomen",
    documentation={
        "Doel": "Voor een kwetsbare jongere onder de 27 snel beoordelen of de zoektermijn van "
        "4 weken in zijn situatie zijn doel voorbijschiet, zodat hij niet zonder inkomen "
        "en hulp verder in de problemen raakt.",
        "Aanleiding": "Een jongere die zich als werkzoekende heeft gemeld, meldt bijzondere "
        "omstandigheden: dak- of thuisloosheid, problematische schulden, medische of "
        "psychische problemen of een andere acute situatie.",
        "Uitkomsten": "Geen zoektermijn: aanvraag direct in behandeling en tegelijk passende "
        "ondersteuning ingezet; zoektermijn verkort met begeleiding; geen uitzondering, "
        "de zoektermijn blijft gelden (gemotiveerd). Is na 4 weken nog niet beslist, "
        "dan is de zoektermijn verstreken en kan de jongere gewoon aanvragen.",
        "Wettelijke basis": "Pw art. 41 lid 4 (zoektermijn van 4 weken voor jongeren); Pw art. 18 "
        "lid 1 (afstemming op omstandigheden, maatwerk); Pw art. 52 (voorschot); "
        "Pw art. 10f (leerwerktraject jongeren zonder startkwalificatie); "
        "gemeentelijke beleidsregels zoektermijn jongeren.",
    },
    lanes=["klant", ("klantmanager", 2), "inkomensconsulent", ("werkcoach", 2)],
    nodes=[
        N(
            S,
            "start",
            "Bijzondere omstandigheden gemeld",
            "klant",
            0,
            form=[
                F("datum_melding", "Datum melding werkzoekende", "date"),
                F("leeftijd", "Leeftijd", "long", min=18, max=26),
                F(
                    "omstandigheid",
                    "Omstandigheid",
                    "enum",
                    values=[
                        ("dakloos", "Dak- of thuisloos"),
                        ("problematische_schulden", "Problematische schulden"),
                        ("medisch_of_psychisch", "Medische of psychische problemen"),
                        ("anders", "Andere bijzondere omstandigheid"),
                    ],
                ),
            ],
        ),
        N(
            OB,
            "user",
            "Omstandigheden onderzoeken en beoordelen",
            "klantmanager",
            1,
            row=1,
            form=[
                F(
                    "beslissing_zoektermijn",
                    "Beslissing",
                    "enum",
                    values=[
                        ("geen_zoektermijn", "Geen zoektermijn: aanvraag direct in behandeling"),
                        ("verkorte_zoektermijn", "Zoektermijn verkorten met begeleiding"),
                        ("geen_uitzondering", "Geen uitzondering"),
                    ],
                ),
                F("onderbouwing", "Onderbouwing", maxlength=2000),
            ],
        ),
        N(
            TZ,
            "boundary",
            "Zoektermijn van 4 weken verstreken",
            attached=OB,
            duration="P4W",
            cancel=True,
            offset=0.5,
            side="T",
        ),
        N(EZ, "end", "Zoektermijn verstreken, aanvraag mogelijk", "klant", 2),
        N(
            GB,
            "xor",
            "Uitzondering?",
            "klantmanager",
            2,
            row=1,
            default="Flow_uitzondering_naar_besluit_motiveren",
        ),
        N(
            GM,
            "user",
            "Besluit motiveren en klant informeren",
            "klantmanager",
            3,
            form=[
                F("motivering_besluit", "Motivering", maxlength=2000),
                F("gewezen_op_ondersteuning", "Gewezen op ondersteuning tijdens zoektermijn", "boolean"),
            ],
        ),
        N(EG, "end", "Zoektermijn blijft gelden", "klantmanager", 4),
        N(PS, "and", "Direct starten", "inkomensconsulent", 3),
        N(
            AI,
            "user",
            "Aanvraag direct in behandeling nemen",
            "inkomensconsulent",
            4,
            form=[
                F("datum_aanvraag", "Datum aanvraag", "date"),
                F("voorschot_nodig", "Voorschot nodig", "boolean"),
            ],
        ),
        N(
            OI,
            "user",
            "Passende ondersteuning inzetten",
            "werkcoach",
            4,
            form=[
                F(
                    "ondersteuning",
                    "Ondersteuning",
                    "enum",
                    values=[
                        ("schuldhulpverlening", "Schuldhulpverlening"),
                        ("opvang_en_woonbegeleiding", "Opvang en woonbegeleiding"),
                        ("zorg_en_behandeling", "Zorg en behandeling"),
                        ("jongerencoach", "Jongerencoach"),
                    ],
                ),
                F("startdatum_ondersteuning", "Startdatum", "date"),
            ],
        ),
        N(PJ, "and", "Aanvraag en ondersteuning gestart", "werkcoach", 5),
        N(ED, "end", "Aanvraag direct in behandeling", "werkcoach", 6),
        N(
            VK,
            "user",
            "Zoektermijn verkorten met begeleiding",
            "werkcoach",
            2,
            row=1,
            form=[
                F("nieuwe_aanvraagdatum", "Aanvraag mogelijk vanaf", "date"),
                F("begeleidingsafspraken", "Begeleidingsafspraken", maxlength=1000),
            ],
        ),
        N(EV, "end", "Zoektermijn verkort", "werkcoach", 3, row=1),
    ],
    flows=[
        L(S, OB),
        L(TZ, EZ),
        L(OB, GB),
        L(GB, PS, "geen zoektermijn", 'beslissing_zoektermijn == "geen_zoektermijn"', src_port="R"),
        L(GB, VK, "verkorten", 'beslissing_zoektermijn == "verkorte_zoektermijn"', src_port="B"),
        L(GB, GM, "geen uitzondering", src_port="T"),
        L(GM, EG),
        L(PS, AI),
        L(PS, OI),
        L(AI, PJ),
        L(OI, PJ),
        L(PJ, ED),
        L(VK, EV),
    ],
)
