from common import F, N, L

TARGET = "1-aanvraag-en-recht/aanvraag-statushouders-ontzorgen.bpmn"

S = "StartEvent_statushouder_gehuisvest"
RV = "Task_recht_en_norm_vaststellen"
TB = "Timer_beslistermijn"
TO = "Task_termijnoverschrijding_afhandelen"
ETO = "EndEvent_klant_geinformeerd_vertraging"
GB = "Gateway_besluit"
EA = "EndEvent_aanvraag_afgewezen"
MA = "Task_machtiging_vaste_lasten_ondertekenen"
VL = "Task_vaste_lasten_inhouden_en_betalen"
T6 = "Timer_zes_maanden_ontzorgd"
EV = "Task_financiele_zelfredzaamheid_beoordelen"
GE = "Gateway_vervolg_ontzorgen"
EZ = "EndEvent_klant_betaalt_vaste_lasten_zelf"
EL = "EndEvent_ontzorgen_verlengd"

spec = dict(
    slug="aanvraag_statushouders_ontzorgen",
    process_id="aanvraag_statushouders_ontzorgen",
    name="Aanvraag statushouders (ontzorgen)",
    participant="Werkbedrijf",
    fase=1,
    stuurlijn="werken en meedoen",
    documentation={
        "Doel": "Een inburgeringsplichtige asielstatushouder na huisvesting in de gemeente snel "
        "bijstand toekennen en de eerste 6 maanden financieel ontzorgen (huur, energie, "
        "water en zorgverzekering rechtstreeks uit de bijstand betalen), zodat hij zich op "
        "inburgering en participatie kan richten; daarna de financiële zelfredzaamheid "
        "beoordelen.",
        "Aanleiding": "Een statushouder met een verblijfsvergunning asiel voor bepaalde tijd krijgt "
        "een woning in de gemeente en vraagt (met de gegevens van het COA) bijstand aan. "
        "Het persoonlijk plan inburgering en participatie (PIP) loopt in een eigen proces.",
        "Uitkomsten": "Aanvraag afgewezen; na 6 maanden ontzorgen betaalt de klant zijn vaste lasten "
        "zelf; of het ontzorgen wordt op maat verlengd (betaling aan derden of "
        "budgetbeheer). Verloopt de beslistermijn van 8 weken, dan informeert de "
        "klantmanager de klant en verstrekt een voorschot. Weigert de klant de "
        "machtiging, dan volgt afstemming in het maatregelproces.",
        "Wettelijke basis": "Pw art. 56a (verplicht ontzorgen inburgeringsplichtige asielstatushouders, "
        "6 maanden), art. 57 (betaling aan derden na die periode), art. 18 "
        "(afstemming bij geen medewerking), art. 52 (voorschot); Wet inburgering "
        "2021; Awb 4:13 (beslistermijn).",
    },
    lanes=["klant", ("inkomensconsulent", 2), "backoffice", ("klantmanager", 2)],
    nodes=[
        N(
            S,
            "start",
            "Statushouder gehuisvest in de gemeente",
            "klant",
            0,
            form=[
                F("datum_sleuteloverdracht", "Datum sleuteloverdracht woning", "date"),
                F("gezinsleden", "Aantal gezinsleden", "long", min=1, max=15),
                F("coa_gegevens_ontvangen", "Gegevens van het COA ontvangen", "boolean"),
            ],
        ),
        N(
            RV,
            "user",
            "Recht en norm vaststellen",
            "inkomensconsulent",
            1,
            form=[
                F(
                    "besluit",
                    "Besluit",
                    "enum",
                    values=[("toekennen", "Toekennen"), ("afwijzen", "Afwijzen")],
                ),
                F("ingangsdatum", "Ingangsdatum bijstand", "date", required=False),
                F("inrichtingskrediet_nodig", "Inrichtingskrediet nodig (bijzondere bijstand)", "boolean"),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 8 weken verstreken",
            attached=RV,
            duration="P8W",
            cancel=False,
            offset=0.75,
        ),
        N(
            TO,
            "user",
            "Termijnoverschrijding afhandelen",
            "klantmanager",
            2,
            row=1,
            form=[
                F("klant_geinformeerd", "Klant geïnformeerd over vertraging", "boolean"),
                F("voorschot_verstrekt", "Voorschot verstrekt", "boolean"),
            ],
        ),
        N(ETO, "end", "Klant geïnformeerd over vertraging", "klantmanager", 3, row=1),
        N(GB, "xor", "Besluit?", "inkomensconsulent", 2, default="Flow_besluit_naar_aanvraag_afgewezen"),
        N(EA, "end", "Aanvraag afgewezen", "inkomensconsulent", 3, row=1),
        N(
            MA,
            "user",
            "Machtiging voor betaling vaste lasten ondertekenen",
            "klant",
            3,
            form=[
                F("machtiging_ondertekend", "Machtiging ondertekend", "boolean"),
                F("datum_machtiging", "Datum machtiging", "date"),
            ],
        ),
        N(
            VL,
            "user",
            "Vaste lasten inhouden en rechtstreeks betalen",
            "backoffice",
            4,
            form=[
                F("huur_ingehouden", "Huur rechtstreeks betaald", "boolean"),
                F("energie_water_ingehouden", "Energie en water rechtstreeks betaald", "boolean"),
                F("zorgverzekering_ingehouden", "Zorgverzekering rechtstreeks betaald", "boolean"),
                F("start_ontzorgen", "Start ontzorgen", "date"),
            ],
        ),
        N(T6, "timer", "Zes maanden ontzorgd", "backoffice", 5, duration="P6M"),
        N(
            EV,
            "user",
            "Financiële zelfredzaamheid beoordelen",
            "klantmanager",
            6,
            form=[
                F(
                    "vervolg_ontzorgen",
                    "Vervolg",
                    "enum",
                    values=[
                        ("zelf_betalen", "Klant betaalt vaste lasten zelf"),
                        ("verlengen", "Ontzorgen verlengen (betaling aan derden of budgetbeheer)"),
                    ],
                ),
                F(
                    "voortgang_inburgering",
                    "Voortgang inburgering volgens PIP",
                    "enum",
                    values=[("op_schema", "Op schema"), ("achter", "Loopt achter")],
                ),
                F("toelichting_zelfredzaamheid", "Toelichting", maxlength=2000),
            ],
        ),
        N(
            GE,
            "xor",
            "Vervolg?",
            "klantmanager",
            7,
            default="Flow_vervolg_ontzorgen_naar_klant_betaalt_vaste_lasten_zelf",
        ),
        N(EZ, "end", "Klant betaalt vaste lasten zelf", "klantmanager", 8),
        N(EL, "end", "Ontzorgen verlengd", "klantmanager", 8, row=1),
    ],
    flows=[
        L(S, RV),
        L(RV, GB),
        L(TB, TO),
        L(TO, ETO),
        L(GB, MA, "toekennen", 'besluit == "toekennen"'),
        L(GB, EA, "afwijzen"),
        L(MA, VL),
        L(VL, T6),
        L(T6, EV),
        L(EV, GE),
        L(GE, EL, "verlengen", 'vervolg_ontzorgen == "verlengen"'),
        L(GE, EZ, "zelf betalen"),
    ],
)
