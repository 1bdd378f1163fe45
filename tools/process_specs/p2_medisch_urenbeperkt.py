from common import F, N, L

TARGET = "2-intake-diagnose-en-plan/medisch-urenbeperkt-vaststellen.bpmn"

S = "StartEvent_urenbeperking_gemeld"
BA = "Task_aanvraag_beoordelen_onderzoek_aanvragen"
UB = "Task_medische_urenbeperking_beoordelen"
TB = "Timer_beslistermijn_urenbeperking"
TO = "Task_klant_informeren_vertraging"
ETO = "EndEvent_klant_geinformeerd_vertraging"
BS = "Task_besluit_urenbeperking_nemen"
GB = "Gateway_urenbeperking_vastgesteld"
EN = "EndEvent_geen_urenbeperking"
PS = "Gateway_gevolgen_verwerken"
AV = "Task_arbeidsverplichting_afstemmen"
VV = "Task_vrijlating_verwerken"
PJ = "Gateway_gevolgen_verwerkt"
EV = "EndEvent_medisch_urenbeperkt_vastgesteld"

spec = dict(
    slug="medisch_urenbeperkt_vaststellen",
    process_id="medisch_urenbeperkt_vaststellen",
    name="Medisch urenbeperkt vaststellen",
    participant="Werkbedrijf",
    fase=2,
    stuurlijn="werken en meedoen",
    documentation={
        "Doel": "Laten vaststellen of de klant om medische redenen maar een beperkt aantal uren "
        "per week kan werken, en de gevolgen tegelijk verwerken: arbeidsverplichting en "
        "plan van aanpak naar uren, en de inkomstenvrijlating voor medisch urenbeperkten.",
        "Aanleiding": "De klant vraagt de vrijlating of vaststelling aan, of meldt dat hij om "
        "medische redenen niet voltijds kan werken. De gemeente beoordeelt medische "
        "gegevens niet zelf maar vraagt een medisch onderzoek bij UWV aan.",
        "Uitkomsten": "Medisch urenbeperkt vastgesteld: plan van aanpak en arbeidsverplichting "
        "afgestemd op de belastbare uren en inkomstenvrijlating in de uitkering "
        "verwerkt; of geen medische urenbeperking vastgesteld. Verloopt de "
        "beslistermijn van 8 weken tijdens het UWV-onderzoek, dan wordt de klant "
        "geïnformeerd.",
        "Wettelijke basis": "Pw art. 31 lid 2 onder z (vrijlating inkomsten medisch urenbeperkten); "
        "Pw art. 9 lid 1 onder a (arbeidsverplichting naar vermogen); Pw art. 44a "
        "(plan van aanpak); Awb 4:13 (beslistermijn 8 weken); Wet SUWI art. 30 "
        "(taken UWV, medische beoordeling).",
    },
    lanes=["klant", "uwv", ("inkomensconsulent", 2), "werkcoach", "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Medische urenbeperking gemeld",
            "klant",
            0,
            form=[
                F("datum_aanvraag", "Datum aanvraag", "date"),
                F("uren_werkzaam_per_week", "Huidige uren werk per week", "long", min=0, max=40),
            ],
        ),
        N(
            BA,
            "user",
            "Aanvraag beoordelen en onderzoek bij UWV aanvragen",
            "inkomensconsulent",
            1,
            form=[
                F(
                    "doel_vaststelling",
                    "Doel vaststelling",
                    "enum",
                    values=[
                        ("vrijlating", "Inkomstenvrijlating"),
                        ("arbeidsverplichting", "Arbeidsverplichting naar uren"),
                        ("beide", "Beide"),
                    ],
                ),
                F("datum_aanvraag_uwv", "Datum aanvraag bij UWV", "date"),
            ],
        ),
        N(
            UB,
            "user",
            "Medische urenbeperking beoordelen",
            "uwv",
            2,
            form=[
                F("medisch_urenbeperkt", "Medisch urenbeperkt", "boolean"),
                F("belastbare_uren_per_week", "Belastbare uren per week", "long", min=0, max=40),
                F("beoordeling_geldig_tot", "Beoordeling geldig tot", "date"),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 8 weken verstreken",
            attached=UB,
            duration="P8W",
            cancel=False,
            offset=0.75,
            side="B",
        ),
        N(
            TO,
            "user",
            "Klant informeren over vertraging",
            "inkomensconsulent",
            3,
            row=1,
            form=[
                F("klant_geinformeerd", "Klant schriftelijk geïnformeerd", "boolean"),
                F("nieuwe_beslisdatum", "Nieuwe beslisdatum", "date"),
            ],
        ),
        N(ETO, "end", "Klant geïnformeerd over vertraging", "inkomensconsulent", 4, row=1),
        N(
            BS,
            "user",
            "Besluit medische urenbeperking nemen",
            "inkomensconsulent",
            3,
            form=[
                F(
                    "besluit_urenbeperking",
                    "Besluit",
                    "enum",
                    values=[
                        ("vastgesteld", "Medisch urenbeperkt vastgesteld"),
                        ("niet_vastgesteld", "Niet vastgesteld"),
                    ],
                ),
                F("motivering_urenbeperking", "Motivering", maxlength=2000),
            ],
        ),
        N(
            GB,
            "xor",
            "Urenbeperking vastgesteld?",
            "inkomensconsulent",
            4,
            default="Flow_urenbeperking_vastgesteld_naar_geen_urenbeperking",
        ),
        N(EN, "end", "Geen medische urenbeperking vastgesteld", "klant", 5),
        N(PS, "and", "Gevolgen verwerken", "inkomensconsulent", 5),
        N(
            AV,
            "user",
            "Arbeidsverplichting en plan op uren afstemmen",
            "werkcoach",
            6,
            form=[
                F("uren_per_week_in_plan", "Uren per week in plan van aanpak", "long", min=0, max=40),
                F("aanpassing_plan", "Aanpassing plan van aanpak", maxlength=1000),
            ],
        ),
        N(
            VV,
            "user",
            "Inkomstenvrijlating in uitkering verwerken",
            "backoffice",
            6,
            form=[
                F("ingangsdatum_vrijlating", "Ingangsdatum vrijlating", "date"),
                F("einddatum_vrijlating", "Einddatum vrijlating", "date"),
            ],
        ),
        N(PJ, "and", "Gevolgen verwerkt", "inkomensconsulent", 7),
        N(EV, "end", "Medisch urenbeperkt vastgesteld", "inkomensconsulent", 8),
    ],
    flows=[
        L(S, BA),
        L(BA, UB),
        L(UB, BS),
        L(TB, TO),
        L(TO, ETO),
        L(BS, GB),
        L(GB, PS, "vastgesteld", 'besluit_urenbeperking == "vastgesteld"'),
        L(GB, EN, "niet vastgesteld"),
        L(PS, AV, src_port="R"),
        L(PS, VV, src_port="B"),
        L(AV, PJ, tgt_port="L"),
        L(VV, PJ, tgt_port="B"),
        L(PJ, EV),
    ],
)
