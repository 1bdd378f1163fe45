from common import F, N, L

TARGET = "1-aanvraag-en-recht/hernieuwde-aanvraag-binnen-12-maanden.bpmn"

S = "StartEvent_opnieuw_bijstand_aangevraagd"
D = "Task_vorig_dossier_raadplegen"
GR = "Gateway_route_hernieuwde_aanvraag"
HO = "Task_rechtmatigheid_vooraf_onderzoeken"
WO = "Task_gewijzigde_omstandigheden_toetsen"
GM = "Gateway_onderzoek_afgerond"
B = "Task_besluit_hernieuwde_aanvraag"
TB = "Timer_beslistermijn"
TO = "Task_termijnoverschrijding_afhandelen"
ETO = "EndEvent_klant_geinformeerd_vertraging"
GB = "Gateway_besluit"
PH = "Task_plan_van_aanpak_hervatten"
EH = "EndEvent_bijstand_hervat"
EA = "EndEvent_hernieuwde_aanvraag_afgewezen"

spec = dict(
    slug="hernieuwde_aanvraag_binnen_12_maanden",
    process_id="hernieuwde_aanvraag_binnen_12_maanden",
    name="Hernieuwde aanvraag binnen 12 maanden",
    participant="Werkbedrijf",
    fase=1,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Een klant die binnen 12 maanden na de beëindiging van zijn bijstand opnieuw bijstand "
        "aanvraagt snel en met zo min mogelijk uitvraag weer helpen, door het bestaande dossier "
        "te hergebruiken en alleen te onderzoeken wat is veranderd; na een eerdere intrekking "
        "wegens schending van de inlichtingenplicht eerst de rechtmatigheid laten onderzoeken.",
        "Aanleiding": "De klant, van wie de bijstand minder dan 12 maanden geleden is beëindigd "
        "(bijvoorbeeld na tijdelijk werk), vraagt opnieuw bijstand aan.",
        "Uitkomsten": "Bijstand hervat en re-integratie voortgezet op het bestaande of een nieuw plan "
        "van aanpak; hernieuwde aanvraag afgewezen. Verloopt de beslistermijn van 8 weken, "
        "dan informeert de klantmanager de klant en verstrekt zo nodig een voorschot, "
        "terwijl de behandeling doorloopt.",
        "Wettelijke basis": "Pw art. 17 (inlichtingenplicht), 43 en 44 (aanvraag, ingangsdatum), "
        "53a (onderzoek), 44a (plan van aanpak), 52 (voorschot); Awb 4:2 en 4:13 "
        "(aanvraag, beslistermijn 8 weken); gemeentelijke beleidsregels "
        "(vereenvoudigde aanvraagprocedure bij herhaalde aanvraag).",
    },
    lanes=["klant", "handhaver", ("inkomensconsulent", 2), ("klantmanager", 2)],
    nodes=[
        N(
            S,
            "start",
            "Opnieuw bijstand aangevraagd",
            "klant",
            0,
            form=[
                F("datum_aanvraag", "Datum aanvraag", "date"),
                F("datum_einde_vorige_bijstand", "Datum einde vorige bijstand", "date"),
                F(
                    "reden_vorige_beeindiging",
                    "Reden beëindiging vorige bijstand",
                    "enum",
                    values=[
                        ("werk", "Werk of tijdelijk werk"),
                        ("inkomsten_partner", "Inkomsten partner"),
                        ("eigen_verzoek", "Op eigen verzoek"),
                        ("intrekking_inlichtingenplicht", "Ingetrokken wegens schending inlichtingenplicht"),
                    ],
                ),
            ],
        ),
        N(
            D,
            "user",
            "Vorig dossier raadplegen en wijzigingen uitvragen",
            "inkomensconsulent",
            1,
            form=[
                F("omstandigheden_gewijzigd", "Woon-, leef- of inkomenssituatie gewijzigd", "boolean"),
                F("wijzigingen", "Gewijzigde omstandigheden", required=False, maxlength=1000),
            ],
        ),
        N(
            GR,
            "xor",
            "Welke behandeling?",
            "inkomensconsulent",
            2,
            default="Flow_route_hernieuwde_aanvraag_naar_onderzoek_afgerond",
        ),
        N(
            HO,
            "user",
            "Rechtmatigheid vooraf onderzoeken",
            "handhaver",
            3,
            form=[
                F("recht_vast_te_stellen", "Recht vast te stellen", "boolean"),
                F("huisbezoek_afgelegd", "Huisbezoek afgelegd", "boolean"),
                F("bevindingen_handhaving", "Bevindingen", maxlength=2000),
            ],
        ),
        N(
            WO,
            "user",
            "Gewijzigde omstandigheden toetsen",
            "inkomensconsulent",
            3,
            row=1,
            form=[
                F("leefvorm_gewijzigd", "Leefvorm of kostendelers gewijzigd", "boolean"),
                F("middelen_gewijzigd", "Inkomen of vermogen gewijzigd", "boolean"),
                F("toelichting_toetsing", "Toelichting", required=False, maxlength=2000),
            ],
        ),
        N(GM, "xor", "Onderzoek afgerond", "inkomensconsulent", 4),
        N(
            B,
            "user",
            "Besluit op hernieuwde aanvraag nemen",
            "inkomensconsulent",
            5,
            form=[
                F(
                    "besluit",
                    "Besluit",
                    "enum",
                    values=[("toekennen", "Toekennen"), ("afwijzen", "Afwijzen")],
                ),
                F("ingangsdatum", "Ingangsdatum bijstand", "date", required=False),
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
                F("voorschot_verstrekt", "Voorschot verstrekt", "boolean"),
            ],
        ),
        N(ETO, "end", "Klant geïnformeerd over vertraging", "klantmanager", 7, row=1),
        N(
            GB,
            "xor",
            "Besluit?",
            "inkomensconsulent",
            6,
            default="Flow_besluit_naar_hernieuwde_aanvraag_afgewezen",
        ),
        N(
            PH,
            "user",
            "Re-integratie hervatten",
            "klantmanager",
            7,
            form=[
                F(
                    "vervolg_reintegratie",
                    "Vervolg re-integratie",
                    "enum",
                    values=[
                        ("bestaand_plan_voortzetten", "Bestaand plan van aanpak voortzetten"),
                        ("plan_bijstellen", "Plan van aanpak bijstellen"),
                        ("nieuwe_diagnose", "Nieuwe diagnose nodig"),
                    ],
                ),
                F("afspraak_werkcoach", "Datum afspraak werkcoach", "date", required=False),
            ],
        ),
        N(EH, "end", "Bijstand hervat", "klantmanager", 8),
        N(EA, "end", "Hernieuwde aanvraag afgewezen", "inkomensconsulent", 7),
    ],
    flows=[
        L(S, D),
        L(D, GR),
        L(GR, HO, "eerder ingetrokken", 'reden_vorige_beeindiging == "intrekking_inlichtingenplicht"'),
        L(
            GR,
            WO,
            "situatie gewijzigd",
            'omstandigheden_gewijzigd and reden_vorige_beeindiging != "intrekking_inlichtingenplicht"',
        ),
        L(GR, GM, "ongewijzigd: verkorte procedure"),
        L(HO, GM),
        L(WO, GM),
        L(GM, B),
        L(TB, TO),
        L(TO, ETO),
        L(B, GB),
        L(GB, PH, "toekennen", 'besluit == "toekennen"'),
        L(GB, EA, "afwijzen"),
        L(PH, EH),
    ],
)
