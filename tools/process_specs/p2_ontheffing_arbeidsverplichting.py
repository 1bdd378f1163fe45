from common import F, N, L

TARGET = "2-intake-diagnose-en-plan/ontheffing-arbeidsverplichting.bpmn"

S = "StartEvent_verzoek_ontheffing_ingediend"
BV = "Task_verzoek_ontheffing_beoordelen"
GM = "Gateway_medisch_advies_nodig"
MA = "Task_medisch_advies_uitbrengen"
TB = "Timer_beslistermijn_ontheffing"
TO = "Task_klant_informeren_vertraging"
ETO = "EndEvent_klant_geinformeerd_vertraging"
MJ = "Gateway_advies_compleet"
BE = "Task_besluit_ontheffing_nemen"
GB = "Gateway_besluit_ontheffing"
PA = "Task_plan_aanpassen_herbeoordeling_plannen"
EO = "EndEvent_tijdelijk_ontheven"
EA = "EndEvent_ontheffing_afgewezen"

spec = dict(
    slug="ontheffing_arbeidsverplichting",
    process_id="ontheffing_arbeidsverplichting",
    name="Ontheffing arbeidsverplichting",
    participant="Werkbedrijf",
    fase=2,
    stuurlijn="werken en meedoen",
    documentation={
        "Doel": "Zorgvuldig en binnen de beslistermijn beslissen of de klant om dringende redenen "
        "tijdelijk (geheel of gedeeltelijk) wordt ontheven van de arbeidsverplichtingen, "
        "zodat verplichtingen passen bij wat de klant nu kan.",
        "Aanleiding": "De klant vraagt om ontheffing, of de werkcoach of klantmanager signaleert "
        "dringende redenen (medische beperkingen, sociale omstandigheden). Bij "
        "medische redenen vraagt de klantmanager een onafhankelijk medisch advies "
        "(verzekeringsarts van UWV of een door de gemeente ingehuurde arts; de lane "
        "uwv staat voor deze externe medisch adviseur). De gemeente mag zelf geen "
        "medische gegevens beoordelen.",
        "Uitkomsten": "Klant tijdelijk geheel of gedeeltelijk ontheven, met aangepast plan van aanpak "
        "en een herbeoordelingsdatum; of ontheffing afgewezen, de verplichtingen blijven "
        "gelden. Verloopt de beslistermijn van 8 weken tijdens het medisch advies, dan "
        "informeert de klantmanager de klant terwijl de beoordeling doorloopt.",
        "Wettelijke basis": "Pw art. 9 lid 1 (arbeidsverplichtingen) en lid 2 (tijdelijke ontheffing "
        "om dringende redenen; zorg voor kinderen alleen is geen dringende reden); "
        "Awb 4:13 (beslistermijn, redelijke termijn van 8 weken); Awb 3:2 "
        "(zorgvuldig onderzoek); AVG art. 9 (medische gegevens).",
    },
    lanes=["klant", "uwv", ("klantmanager", 2), "werkcoach"],
    nodes=[
        N(
            S,
            "start",
            "Verzoek om ontheffing ingediend",
            "klant",
            0,
            form=[
                F("datum_verzoek", "Datum verzoek", "date"),
                F(
                    "grond_verzoek",
                    "Grond van het verzoek",
                    "enum",
                    values=[
                        ("medisch", "Medische beperkingen"),
                        ("sociaal", "Sociale omstandigheden (bijv. mantelzorg, crisis)"),
                        ("medisch_en_sociaal", "Medisch en sociaal"),
                    ],
                ),
                F("toelichting_verzoek", "Toelichting", required=False, maxlength=2000),
            ],
        ),
        N(
            BV,
            "user",
            "Verzoek om ontheffing beoordelen",
            "klantmanager",
            1,
            form=[
                F("medisch_advies_nodig", "Onafhankelijk medisch advies nodig", "boolean"),
                F("dringende_reden", "Dringende reden", maxlength=1000),
            ],
        ),
        N(
            GM,
            "xor",
            "Medisch advies nodig?",
            "klantmanager",
            2,
            default="Flow_medisch_advies_nodig_naar_advies_compleet",
        ),
        N(
            MA,
            "user",
            "Medisch advies uitbrengen",
            "uwv",
            3,
            form=[
                F(
                    "belastbaarheid",
                    "Belastbaarheid",
                    "enum",
                    values=[
                        ("geen_benutbare_mogelijkheden", "Geen benutbare mogelijkheden"),
                        ("tijdelijk_niet_belastbaar", "Tijdelijk niet belastbaar"),
                        ("beperkt_belastbaar", "Beperkt belastbaar"),
                        ("belastbaar", "Volledig belastbaar"),
                    ],
                ),
                F("verwachte_duur_maanden", "Verwachte duur beperkingen (maanden)", "long", min=0, max=60),
                F(
                    "toelichting_medisch_advies",
                    "Toelichting (zonder diagnose)",
                    required=False,
                    maxlength=1000,
                ),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 8 weken verstreken",
            attached=MA,
            duration="P8W",
            cancel=False,
            offset=0.75,
            side="B",
        ),
        N(
            TO,
            "user",
            "Klant informeren over vertraging",
            "klantmanager",
            4,
            row=1,
            form=[
                F("klant_geinformeerd", "Klant schriftelijk geïnformeerd", "boolean"),
                F("nieuwe_beslisdatum", "Nieuwe beslisdatum", "date"),
            ],
        ),
        N(ETO, "end", "Klant geïnformeerd over vertraging", "klantmanager", 5, row=1),
        N(MJ, "xor", "Advies compleet", "klantmanager", 4),
        N(
            BE,
            "user",
            "Besluit op ontheffing nemen",
            "klantmanager",
            5,
            form=[
                F(
                    "besluit_ontheffing",
                    "Besluit",
                    "enum",
                    values=[
                        ("volledig", "Tijdelijk volledig ontheven"),
                        ("gedeeltelijk", "Tijdelijk gedeeltelijk ontheven"),
                        ("afwijzen", "Afwijzen"),
                    ],
                ),
                F("ontheffing_tot", "Ontheffing tot", "date", required=False),
                F("motivering_ontheffing", "Motivering", maxlength=2000),
            ],
        ),
        N(
            GB,
            "xor",
            "Ontheffing verleend?",
            "klantmanager",
            6,
            default="Flow_besluit_ontheffing_naar_ontheffing_afgewezen",
        ),
        N(EA, "end", "Ontheffing afgewezen, verplichtingen blijven gelden", "klantmanager", 7),
        N(
            PA,
            "user",
            "Plan aanpassen en herbeoordeling plannen",
            "werkcoach",
            7,
            form=[
                F("herbeoordelingsdatum", "Datum herbeoordeling", "date"),
                F(
                    "activiteiten_tijdens_ontheffing",
                    "Activiteiten tijdens ontheffing",
                    required=False,
                    maxlength=1000,
                ),
            ],
        ),
        N(EO, "end", "Tijdelijk ontheven van arbeidsverplichtingen", "werkcoach", 8),
    ],
    flows=[
        L(S, BV),
        L(BV, GM),
        L(GM, MA, "medisch advies", "medisch_advies_nodig == True"),
        L(GM, MJ, "geen medisch advies"),
        L(MA, MJ),
        L(TB, TO),
        L(TO, ETO),
        L(MJ, BE),
        L(BE, GB),
        L(GB, PA, "ontheven", 'besluit_ontheffing in ["volledig", "gedeeltelijk"]'),
        L(GB, EA, "afgewezen"),
        L(PA, EO),
    ],
)
