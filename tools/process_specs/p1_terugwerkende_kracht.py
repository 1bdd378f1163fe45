from common import F, N, L

TARGET = "1-aanvraag-en-recht/bijstand-met-terugwerkende-kracht.bpmn"

S = "StartEvent_bijstand_over_verleden_gevraagd"
O = "Task_verzoek_en_periode_onderzoeken"
GJ = "Gateway_juridisch_advies_nodig"
JA = "Task_bijzondere_omstandigheden_juridisch_toetsen"
MA = "Gateway_onderzoek_compleet"
B = "Task_besluit_terugwerkende_kracht"
TB = "Timer_beslistermijn"
TO = "Task_termijnoverschrijding_afhandelen"
ETO = "EndEvent_klant_geinformeerd_vertraging"
GB = "Gateway_besluit"
NB = "Task_nabetaling_verrichten"
ET = "EndEvent_bijstand_met_terugwerkende_kracht"
EA = "EndEvent_ingangsdatum_blijft_meldingsdatum"

spec = dict(
    slug="bijstand_met_terugwerkende_kracht",
    process_id="bijstand_met_terugwerkende_kracht",
    name="Bijstand met terugwerkende kracht",
    participant="Werkbedrijf",
    fase=1,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Beoordelen of de klant bijstand krijgt over een periode vóór de melding. Dat kan "
        "alleen bij bijzondere omstandigheden die de klant verhinderden zich eerder te melden "
        "én als hij in die periode aantoonbaar bijstandsbehoeftig was.",
        "Aanleiding": "De klant vraagt bijstand vanaf een datum vóór de dag van zijn melding, "
        "bijvoorbeeld na een ziekenhuisopname, een psychische crisis of onjuiste "
        "informatie van de gemeente.",
        "Uitkomsten": "Bijstand met terugwerkende kracht toegekend en nabetaald; verzoek afgewezen, "
        "de ingangsdatum blijft de meldingsdatum. Twijfelgevallen worden vooraf door "
        "de jurist aan de jurisprudentie getoetst. Verloopt de beslistermijn van "
        "8 weken, dan informeert de klantmanager de klant.",
        "Wettelijke basis": "Pw art. 44 lid 1 (bijstand vanaf de dag van melding; eerder alleen bij "
        "bijzondere omstandigheden, vaste rechtspraak CRvB); art. 43 en 17 "
        "(aanvraag, inlichtingenplicht); Awb 4:13 (beslistermijn 8 weken); "
        "gemeentelijke beleidsregels.",
    },
    lanes=["klant", "inkomensconsulent", "jurist", "backoffice", ("klantmanager", 2)],
    nodes=[
        N(
            S,
            "start",
            "Bijstand over verleden periode gevraagd",
            "klant",
            0,
            form=[
                F("datum_melding", "Datum melding", "date"),
                F("gevraagde_ingangsdatum", "Gevraagde ingangsdatum", "date"),
                F(
                    "reden_late_melding",
                    "Reden late melding",
                    "enum",
                    values=[
                        ("ziekenhuisopname", "Ziekenhuisopname"),
                        ("psychische_crisis", "Psychische crisis"),
                        ("onjuiste_informatie_gemeente", "Onjuiste informatie van de gemeente"),
                        ("overig", "Overig"),
                    ],
                ),
            ],
        ),
        N(
            O,
            "user",
            "Verzoek en bijstandsbehoevendheid over de periode onderzoeken",
            "inkomensconsulent",
            1,
            form=[
                F("bewijsstukken_aanwezig", "Bewijsstukken bijzondere omstandigheden aanwezig", "boolean"),
                F("bijstandsbehoeftig_in_periode", "Bijstandsbehoeftig in de gevraagde periode", "boolean"),
                F("juridisch_advies_nodig", "Juridisch advies nodig", "boolean"),
            ],
        ),
        N(
            GJ,
            "xor",
            "Juridisch advies nodig?",
            "inkomensconsulent",
            2,
            default="Flow_juridisch_advies_nodig_naar_onderzoek_compleet",
        ),
        N(
            JA,
            "user",
            "Bijzondere omstandigheden juridisch toetsen",
            "jurist",
            3,
            form=[
                F(
                    "juridisch_advies",
                    "Advies",
                    "enum",
                    values=[
                        ("bijzondere_omstandigheden", "Bijzondere omstandigheden aanwezig"),
                        ("geen_bijzondere_omstandigheden", "Geen bijzondere omstandigheden"),
                    ],
                ),
                F("onderbouwing_advies", "Onderbouwing (rechtspraak)", maxlength=2000),
            ],
        ),
        N(MA, "xor", "Onderzoek compleet", "klantmanager", 4),
        N(
            B,
            "user",
            "Besluit over terugwerkende kracht nemen",
            "klantmanager",
            5,
            form=[
                F(
                    "besluit_terugwerkende_kracht",
                    "Besluit",
                    "enum",
                    values=[
                        ("toekennen", "Toekennen vanaf gevraagde datum"),
                        (
                            "afwijzen_geen_bijzondere_omstandigheden",
                            "Afwijzen: geen bijzondere omstandigheden",
                        ),
                        ("afwijzen_niet_bijstandsbehoeftig", "Afwijzen: niet bijstandsbehoeftig"),
                    ],
                ),
                F("motivering_besluit", "Motivering", maxlength=2000),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 8 weken verstreken",
            attached=B,
            duration="P8W",
            cancel=False,
            offset=0.75,
        ),
        N(
            TO,
            "user",
            "Termijnoverschrijding afhandelen",
            "klantmanager",
            6,
            row=1,
            form=[
                F("klant_geinformeerd", "Klant geïnformeerd over vertraging", "boolean"),
                F("nieuwe_beslisdatum", "Nieuwe beslisdatum", "date"),
            ],
        ),
        N(ETO, "end", "Klant geïnformeerd over vertraging", "klantmanager", 7, row=1),
        N(
            GB,
            "xor",
            "Toekennen?",
            "klantmanager",
            6,
            default="Flow_besluit_naar_ingangsdatum_blijft_meldingsdatum",
        ),
        N(
            NB,
            "user",
            "Nabetaling verrichten",
            "backoffice",
            7,
            form=[
                F("nabetaling_bedrag", "Bedrag nabetaling (euro)", "long", min=0, max=50000),
                F("datum_nabetaling", "Datum nabetaling", "date"),
            ],
        ),
        N(ET, "end", "Bijstand met terugwerkende kracht toegekend", "backoffice", 8),
        N(EA, "end", "Verzoek afgewezen, ingangsdatum blijft meldingsdatum", "klantmanager", 8),
    ],
    flows=[
        L(S, O),
        L(O, GJ),
        L(GJ, JA, "advies nodig", "juridisch_advies_nodig"),
        L(GJ, MA, "geen advies nodig"),
        L(JA, MA),
        L(MA, B),
        L(TB, TO),
        L(TO, ETO),
        L(B, GB),
        L(GB, NB, "toekennen", 'besluit_terugwerkende_kracht == "toekennen"'),
        L(GB, EA, "afwijzen"),
        L(NB, ET),
    ],
)
