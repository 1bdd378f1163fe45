from common import F, N, L

TARGET = "1-aanvraag-en-recht/aanvraag-dak-en-thuislozen.bpmn"

S = "StartEvent_dak_of_thuisloze_meldt_zich"
EG = "Task_eerste_gesprek_situatie_en_zorg"
GV = "Gateway_verblijf_in_gemeente"
ED = "EndEvent_doorverwezen_naar_gemeente_van_verblijf"
PS = "Gateway_tegelijk_regelen"
ZO = "Task_zorg_en_opvang_regelen"
BA = "Task_briefadres_inrichten"
RN = "Task_recht_norm_en_betaalwijze_vaststellen"
TB = "Timer_beslistermijn"
TO = "Task_termijnoverschrijding_afhandelen"
ETO = "EndEvent_klant_geinformeerd_vertraging"
PJ = "Gateway_alles_geregeld"
GB = "Gateway_besluit"
ET = "EndEvent_bijstand_toegekend_met_briefadres"
EA = "EndEvent_aanvraag_afgewezen"

spec = dict(
    slug="aanvraag_dak_en_thuislozen",
    process_id="aanvraag_dak_en_thuislozen",
    name="Aanvraag dak- en thuislozen",
    participant="Werkbedrijf",
    fase=1,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Een dak- of thuisloze snel aan een inkomen, een postadres en passende zorg helpen: "
        "briefadres, zorg en opvang en het recht op bijstand worden tegelijk geregeld in "
        "plaats van na elkaar.",
        "Aanleiding": "Een klant zonder vaste woon- of verblijfplaats (op straat, in de nachtopvang of "
        "als bankslaper) meldt zich voor bijstand.",
        "Uitkomsten": "Bijstand toegekend met briefadres, aangepaste norm (geen woonkosten) en "
        "betaling in kortere termijnen; aanvraag afgewezen; doorverwezen naar de "
        "gemeente waar de klant feitelijk verblijft. Verloopt de beslistermijn van "
        "8 weken, dan informeert de klantmanager de klant en verstrekt een voorschot.",
        "Wettelijke basis": "Pw art. 40 lid 1 (recht jegens de gemeente van feitelijk verblijf), "
        "art. 17 (inlichtingen over verblijfplaats), art. 27 (lagere norm bij "
        "ontbreken van woonkosten), art. 52 (voorschot), art. 57 (betaling aan "
        "derden); Wet BRP art. 2.40-2.42 (briefadres); Wmo 2015 (maatschappelijke "
        "opvang, landelijke toegankelijkheid); Awb 4:13 (beslistermijn).",
    },
    lanes=["klant", ("klantmanager", 2), "backoffice", ("inkomensconsulent", 2)],
    nodes=[
        N(
            S,
            "start",
            "Dak- of thuisloze meldt zich",
            "klant",
            0,
            form=[
                F(
                    "verblijfssituatie",
                    "Verblijfssituatie",
                    "enum",
                    values=[
                        ("straat", "Slaapt op straat"),
                        ("nachtopvang", "Nachtopvang of crisisopvang"),
                        ("bankslaper", "Bankslaper bij wisselende kennissen"),
                    ],
                ),
                F("briefadres_aanwezig", "Heeft al een briefadres", "boolean"),
            ],
        ),
        N(
            EG,
            "user",
            "Eerste gesprek: situatie, verblijf en zorgbehoefte",
            "klantmanager",
            1,
            form=[
                F("verblijft_in_gemeente", "Verblijft feitelijk in deze gemeente", "boolean"),
                F(
                    "zorgbehoefte",
                    "Zorgbehoefte",
                    "enum",
                    values=[
                        ("geen", "Geen"),
                        ("ggz_verslaving", "GGZ of verslavingszorg"),
                        ("schulden", "Schulden"),
                        ("meervoudig", "Meervoudige problematiek"),
                    ],
                ),
            ],
        ),
        N(
            GV,
            "xor",
            "Verblijft in gemeente?",
            "klantmanager",
            2,
            default="Flow_verblijf_in_gemeente_naar_doorverwezen_naar_gemeente_van_verblijf",
        ),
        N(ED, "end", "Doorverwezen naar gemeente van verblijf", "klantmanager", 3),
        N(PS, "and", "Tegelijk regelen", "backoffice", 3),
        N(
            ZO,
            "user",
            "Zorg en opvang regelen",
            "klantmanager",
            4,
            row=1,
            form=[
                F("opvang_geregeld", "Opvangplek geregeld", "boolean"),
                F(
                    "zorgpartner",
                    "Betrokken zorgpartner",
                    "enum",
                    values=[
                        ("geen", "Geen"),
                        ("wijkteam", "Wijkteam"),
                        ("maatschappelijke_opvang", "Maatschappelijke opvang"),
                        ("ggz", "GGZ of verslavingszorg"),
                    ],
                ),
            ],
        ),
        N(
            BA,
            "user",
            "Briefadres inrichten en laten registreren",
            "backoffice",
            4,
            form=[
                F("briefadres_geregistreerd", "Briefadres in BRP geregistreerd", "boolean"),
                F(
                    "briefadresgever",
                    "Briefadresgever",
                    "enum",
                    values=[
                        ("sociale_dienst", "Sociale dienst"),
                        ("opvanginstelling", "Opvanginstelling"),
                        ("particulier", "Particulier"),
                    ],
                ),
            ],
        ),
        N(
            RN,
            "user",
            "Recht, norm en betaalwijze vaststellen",
            "inkomensconsulent",
            4,
            form=[
                F(
                    "besluit",
                    "Besluit",
                    "enum",
                    values=[("toekennen", "Toekennen"), ("afwijzen", "Afwijzen")],
                ),
                F("norm_verlaagd_geen_woonkosten", "Norm verlaagd wegens geen woonkosten", "boolean"),
                F(
                    "betaalfrequentie",
                    "Betaalfrequentie",
                    "enum",
                    values=[("week", "Per week"), ("twee_weken", "Per twee weken"), ("maand", "Per maand")],
                ),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 8 weken verstreken",
            attached=RN,
            duration="P8W",
            cancel=False,
            offset=0.75,
        ),
        N(
            TO,
            "user",
            "Termijnoverschrijding afhandelen",
            "inkomensconsulent",
            5,
            row=1,
            form=[
                F("klant_geinformeerd", "Klant geïnformeerd over vertraging", "boolean"),
                F("voorschot_verstrekt", "Voorschot verstrekt", "boolean"),
            ],
        ),
        N(ETO, "end", "Klant geïnformeerd over vertraging", "inkomensconsulent", 6, row=1),
        N(PJ, "and", "Alles geregeld", "backoffice", 5),
        N(GB, "xor", "Besluit?", "backoffice", 6, default="Flow_besluit_naar_aanvraag_afgewezen"),
        N(ET, "end", "Bijstand toegekend met briefadres", "backoffice", 7),
        N(EA, "end", "Aanvraag afgewezen", "inkomensconsulent", 7),
    ],
    flows=[
        L(S, EG),
        L(EG, GV),
        L(GV, PS, "verblijft in gemeente", "verblijft_in_gemeente", src_port="B"),
        L(GV, ED, "elders"),
        L(PS, ZO, src_port="T"),
        L(PS, BA),
        L(PS, RN, src_port="B"),
        L(TB, TO),
        L(TO, ETO),
        L(ZO, PJ, tgt_port="T"),
        L(BA, PJ),
        L(RN, PJ, tgt_port="B"),
        L(PJ, GB),
        L(GB, ET, "toekennen", 'besluit == "toekennen"'),
        L(GB, EA, "afwijzen"),
    ],
)
