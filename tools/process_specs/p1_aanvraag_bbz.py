from common import F, N, L

TARGET = "1-aanvraag-en-recht/aanvraag-bbz-zelfstandigen.bpmn"

S = "StartEvent_zelfstandige_vraagt_bbz_aan"
IN = "Task_intake_toelatingsvoorwaarden_bbz"
PS = "Gateway_onderzoek_en_voorschot"
RL = "Event_rapport_levensvatbaarheid_ontvangen"
VS = "Task_voorschot_levensonderhoud_beoordelen"
PJ = "Gateway_rapport_en_voorschot_gereed"
B = "Task_besluit_op_bbz_aanvraag"
T13 = "Timer_beslistermijn_bbz"
VD = "Task_beslistermijn_verdagen"
EVD = "EndEvent_klant_geinformeerd_verdaging"
GB = "Gateway_besluit_bbz"
VL = "Task_uitkering_en_lening_vastleggen"
ET = "EndEvent_bbz_toegekend"
AL = "Task_alternatieven_bespreken"
EA = "EndEvent_bbz_afgewezen_doorverwezen"

spec = dict(
    slug="aanvraag_bbz_zelfstandigen",
    process_id="aanvraag_bbz_zelfstandigen",
    name="Aanvraag Bbz (zelfstandigen)",
    participant="Werkbedrijf",
    fase=1,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "Een startende of gevestigde zelfstandige met een tijdelijk inkomenstekort "
        "ondersteunen met bijstand voor levensonderhoud en/of bedrijfskapitaal (lening) als "
        "het bedrijf levensvatbaar is; anders tijdig een alternatief bieden (beëindigen, "
        "IOAZ of bijstand).",
        "Aanleiding": "Een zelfstandige (starter of gevestigd ondernemer) vraagt Bbz aan, met "
        "ondernemingsplan of jaarcijfers.",
        "Uitkomsten": "Bbz toegekend (aanvullende uitkering levensonderhoud, bedrijfskapitaal als "
        "rentedragende lening); aanvraag afgewezen omdat het bedrijf niet levensvatbaar "
        "is of de klant geen zelfstandige in de zin van het Bbz is, met doorverwijzing. "
        "Terwijl een extern bureau de levensvatbaarheid onderzoekt, beoordeelt de "
        "consulent een voorschot. Dreigt de beslistermijn van 13 weken te verlopen, dan "
        "verdaagt de klantmanager die met ten hoogste 13 weken en informeert de klant.",
        "Wettelijke basis": "Besluit bijstandverlening zelfstandigen 2004 (Bbz 2004): doelgroep "
        "(urencriterium), levensvatbaarheid en advies door een deskundige, "
        "bijstand voor levensonderhoud en bedrijfskapitaal, voorschot, "
        "beslistermijn 13 weken met eenmaal 13 weken verdaging; Pw art. 78f "
        "(grondslag Bbz); Awb 4:14 (kennisgeving bij verdaging).",
    },
    lanes=["klant", ("inkomensconsulent", 2), "backoffice", ("klantmanager", 2)],
    messages=["rapport_levensvatbaarheid"],
    nodes=[
        N(
            S,
            "start",
            "Zelfstandige vraagt Bbz aan",
            "klant",
            0,
            form=[
                F(
                    "soort_ondernemer",
                    "Soort ondernemer",
                    "enum",
                    values=[("starter", "Starter"), ("gevestigd", "Gevestigd ondernemer")],
                ),
                F(
                    "gevraagde_bijstand",
                    "Gevraagde bijstand",
                    "enum",
                    values=[
                        ("levensonderhoud", "Levensonderhoud"),
                        ("bedrijfskapitaal", "Bedrijfskapitaal"),
                        ("beide", "Levensonderhoud en bedrijfskapitaal"),
                    ],
                ),
                F("datum_aanvraag", "Datum aanvraag", "date"),
            ],
        ),
        N(
            IN,
            "user",
            "Intake en toelatingsvoorwaarden Bbz toetsen",
            "inkomensconsulent",
            1,
            form=[
                F("urencriterium_gehaald", "Urencriterium (1.225 uur per jaar) gehaald", "boolean"),
                F("vergunningen_en_kvk_in_orde", "Vergunningen en KvK-inschrijving in orde", "boolean"),
                F("onderzoeksvraag_adviesbureau", "Onderzoeksvraag voor adviesbureau", maxlength=1000),
            ],
        ),
        N(PS, "and", "Onderzoek en voorschot", "inkomensconsulent", 2),
        N(
            RL,
            "message",
            "Rapport levensvatbaarheid ontvangen",
            "inkomensconsulent",
            3,
            message="rapport_levensvatbaarheid",
        ),
        N(
            VS,
            "user",
            "Voorschot levensonderhoud beoordelen",
            "inkomensconsulent",
            3,
            row=1,
            form=[
                F("voorschot_verleend", "Voorschot verleend", "boolean"),
                F(
                    "voorschot_per_maand",
                    "Voorschot per maand (euro)",
                    "long",
                    min=0,
                    max=3000,
                    required=False,
                ),
            ],
        ),
        N(PJ, "and", "Rapport en voorschot gereed", "inkomensconsulent", 4),
        N(
            B,
            "user",
            "Besluit op Bbz-aanvraag nemen",
            "inkomensconsulent",
            5,
            form=[
                F(
                    "besluit_bbz",
                    "Besluit",
                    "enum",
                    values=[
                        ("toekennen", "Toekennen"),
                        ("afwijzen_niet_levensvatbaar", "Afwijzen: bedrijf niet levensvatbaar"),
                        ("afwijzen_geen_zelfstandige", "Afwijzen: geen zelfstandige in de zin van het Bbz"),
                    ],
                ),
                F("motivering_besluit", "Motivering", maxlength=2000),
            ],
        ),
        N(
            T13,
            "boundary",
            "Beslistermijn van 13 weken verstreken",
            attached=B,
            duration="P13W",
            cancel=False,
            offset=0.75,
        ),
        N(
            VD,
            "user",
            "Beslistermijn verdagen en klant informeren",
            "klantmanager",
            6,
            row=1,
            form=[
                F("verdaagd_tot", "Verdaagd tot (ten hoogste 13 weken)", "date"),
                F("klant_geinformeerd", "Klant schriftelijk geïnformeerd", "boolean"),
            ],
        ),
        N(EVD, "end", "Klant geïnformeerd over verdaging", "klantmanager", 7, row=1),
        N(
            GB,
            "xor",
            "Toekennen?",
            "inkomensconsulent",
            6,
            default="Flow_besluit_bbz_naar_alternatieven_bespreken",
        ),
        N(
            VL,
            "user",
            "Uitkering en lening bedrijfskapitaal vastleggen",
            "backoffice",
            7,
            form=[
                F("bedrag_bedrijfskapitaal", "Lening bedrijfskapitaal (euro)", "long", min=0, max=250000),
                F("rente_en_aflossing_vastgelegd", "Rente en aflossing vastgelegd", "boolean"),
                F("eerste_betaaldatum", "Eerste betaaldatum", "date"),
            ],
        ),
        N(ET, "end", "Bbz toegekend", "backoffice", 8),
        N(
            AL,
            "user",
            "Alternatieven bespreken",
            "klantmanager",
            7,
            form=[
                F(
                    "alternatief",
                    "Alternatief",
                    "enum",
                    values=[
                        ("bedrijfsbeeindiging", "Bedrijf beëindigen met begeleiding"),
                        ("ioaz", "IOAZ aanvragen"),
                        ("participatiewet", "Bijstand op grond van de Participatiewet"),
                        ("geen", "Geen"),
                    ],
                ),
                F("toelichting_alternatief", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(EA, "end", "Bbz afgewezen, doorverwezen", "klantmanager", 8),
    ],
    flows=[
        L(S, IN),
        L(IN, PS),
        L(PS, RL),
        L(PS, VS, src_port="B"),
        L(RL, PJ),
        L(VS, PJ, tgt_port="B"),
        L(PJ, B),
        L(T13, VD),
        L(VD, EVD),
        L(B, GB),
        L(GB, VL, "toekennen", 'besluit_bbz == "toekennen"', src_port="R", tgt_port="T"),
        L(GB, AL, "afwijzen", src_port="B"),
        L(VL, ET),
        L(AL, EA),
    ],
)
