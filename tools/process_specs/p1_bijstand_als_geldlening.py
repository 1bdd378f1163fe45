from common import F, N, L

TARGET = "1-aanvraag-en-recht/bijstand-als-geldlening.bpmn"

S = "StartEvent_bijstand_aangevraagd_met_vermogen"
G = "Task_grondslag_lening_bepalen"
TB = "Timer_beslistermijn"
TO = "Task_termijnoverschrijding_afhandelen"
ETO = "EndEvent_klant_geinformeerd_vertraging"
GG = "Gateway_grondslag_lening"
TX = "Task_taxatie_en_krediethypotheek_voorbereiden"
VW = "Task_leningsvoorwaarden_vastleggen"
MO = "Gateway_overeenkomst_gereed"
OT = "Task_leningsovereenkomst_ondertekenen"
TO4 = "Timer_ondertekening_uitgebleven"
AF = "Task_aanvraag_afwijzen_geen_zekerheid"
EAF = "EndEvent_aanvraag_afgewezen_geen_zekerheid"
RB = "Task_lening_registreren_en_betalen"
EL = "EndEvent_bijstand_als_geldlening_verstrekt"

spec = dict(
    slug="bijstand_als_geldlening",
    process_id="bijstand_als_geldlening",
    name="Bijstand als geldlening",
    participant="Werkbedrijf",
    fase=1,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Bijstand verlenen in de vorm van een geldlening wanneer de klant wel vermogen "
        "heeft maar daar (nog) niet over kan beschikken, en de terugbetaling zeker stellen "
        "(krediethypotheek op de eigen woning, of verrekening met verwachte middelen).",
        "Aanleiding": "De klant heeft bijstand aangevraagd terwijl het vermogen in de eigen woning "
        "boven de grens ligt, het vermogen niet direct beschikbaar is, of hij op korte "
        "termijn middelen verwacht (bijvoorbeeld een nabetaling of erfenis).",
        "Uitkomsten": "Bijstand als geldlening verstrekt (met krediethypotheek of verrekenafspraak); "
        "aanvraag afgewezen omdat de klant binnen 4 weken niet meewerkt aan de "
        "leningsovereenkomst en de zekerheid. Verloopt de beslistermijn van 8 weken, "
        "dan informeert de klantmanager de klant en verstrekt zo nodig een voorschot.",
        "Wettelijke basis": "Pw art. 48 lid 1 en 2 (vorm van de bijstand, geldlening), art. 48 lid 3 "
        "(zekerheid), art. 50 (eigen woning, krediethypotheek), art. 34 lid 2 "
        "(vrij te laten vermogen in de woning); Awb 4:13 (beslistermijn); "
        "gemeentelijke beleidsregels krediethypotheek (taxatie, termijn ondertekening).",
    },
    lanes=["klant", "backoffice", ("inkomensconsulent", 2), "klantmanager"],
    nodes=[
        N(
            S,
            "start",
            "Bijstand aangevraagd met niet beschikbaar vermogen",
            "klant",
            0,
            form=[
                F("datum_aanvraag", "Datum aanvraag", "date"),
                F("eigen_woning", "Eigen woning", "boolean"),
            ],
        ),
        N(
            G,
            "user",
            "Grondslag en omvang lening bepalen",
            "inkomensconsulent",
            1,
            form=[
                F(
                    "grondslag_lening",
                    "Grondslag",
                    "enum",
                    values=[
                        ("eigen_woning", "Vermogen in eigen woning (art. 50)"),
                        ("verwachte_middelen", "Verwachte middelen op korte termijn (art. 48)"),
                        ("vermogen_niet_beschikbaar", "Vermogen niet direct beschikbaar (art. 48)"),
                    ],
                ),
                F("geschatte_leningsduur_maanden", "Geschatte duur lening (maanden)", "long", min=1, max=60),
            ],
        ),
        N(
            TB,
            "boundary",
            "Beslistermijn van 8 weken verstreken",
            attached=G,
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
            form=[
                F("klant_geinformeerd", "Klant geïnformeerd over vertraging", "boolean"),
                F("voorschot_verstrekt", "Voorschot verstrekt", "boolean"),
            ],
        ),
        N(ETO, "end", "Klant geïnformeerd over vertraging", "klantmanager", 3),
        N(
            GG,
            "xor",
            "Eigen woning?",
            "inkomensconsulent",
            2,
            default="Flow_grondslag_lening_naar_leningsvoorwaarden_vastleggen",
        ),
        N(
            TX,
            "user",
            "Taxatie en krediethypotheek voorbereiden",
            "backoffice",
            3,
            form=[
                F("taxatiewaarde", "Taxatiewaarde woning (euro)", "long", min=0, max=5000000),
                F(
                    "overwaarde_boven_vrijlating",
                    "Overwaarde boven vrijlating (euro)",
                    "long",
                    min=0,
                    max=5000000,
                ),
                F("notaris_ingeschakeld", "Notaris ingeschakeld", "boolean"),
            ],
        ),
        N(
            VW,
            "user",
            "Leningsvoorwaarden en verrekening vastleggen",
            "inkomensconsulent",
            3,
            form=[
                F("verwachte_middelen", "Verwachte middelen", maxlength=500),
                F("machtiging_verrekening", "Machtiging of cessie voor verrekening nodig", "boolean"),
            ],
        ),
        N(MO, "xor", "Overeenkomst gereed", "inkomensconsulent", 4),
        N(
            OT,
            "user",
            "Leningsovereenkomst en zekerheid ondertekenen",
            "klant",
            5,
            form=[
                F("overeenkomst_ondertekend", "Overeenkomst ondertekend", "boolean"),
                F("datum_ondertekening", "Datum ondertekening", "date"),
            ],
        ),
        N(
            TO4,
            "boundary",
            "Ondertekening binnen 4 weken uitgebleven",
            attached=OT,
            duration="P4W",
            cancel=True,
            offset=0.75,
        ),
        N(
            AF,
            "user",
            "Aanvraag afwijzen wegens ontbreken zekerheid",
            "inkomensconsulent",
            5,
            row=1,
            form=[
                F("datum_afwijzing", "Datum besluit", "date"),
                F("motivering_afwijzing", "Motivering", maxlength=2000),
            ],
        ),
        N(EAF, "end", "Aanvraag afgewezen, geen zekerheid gesteld", "inkomensconsulent", 6, row=1),
        N(
            RB,
            "user",
            "Lening registreren en bijstand betalen",
            "backoffice",
            7,
            form=[
                F("leningnummer", "Leningnummer", maxlength=30),
                F("eerste_betaaldatum", "Eerste betaaldatum", "date"),
            ],
        ),
        N(EL, "end", "Bijstand als geldlening verstrekt", "backoffice", 8),
    ],
    flows=[
        L(S, G),
        L(G, GG),
        L(TB, TO),
        L(TO, ETO),
        L(GG, TX, "eigen woning", 'grondslag_lening == "eigen_woning"'),
        L(GG, VW, "andere grondslag"),
        L(TX, MO),
        L(VW, MO),
        L(MO, OT),
        L(TO4, AF),
        L(AF, EAF),
        L(OT, RB, tgt_port="T"),
        L(RB, EL),
    ],
)
