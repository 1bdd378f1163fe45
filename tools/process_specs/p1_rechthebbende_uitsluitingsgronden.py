from common import F, N, L

TARGET = "1-aanvraag-en-recht/rechthebbende-en-uitsluitingsgronden-toetsen.bpmn"

S = "StartEvent_aanvraag_ingediend"
PS = "Gateway_toetsen_starten"
GN = "Gateway_eu_burger"
MI = "Event_ind_advies_ontvangen"
MM = "Gateway_verblijfsgegevens_compleet"
BO = "Task_registergegevens_opvragen"
PJ = "Gateway_gegevens_compleet"
U = "Task_rechthebbende_en_uitsluitingsgronden_beoordelen"
GU = "Gateway_uitsluitingsgrond"
ER = "EndEvent_klant_is_rechthebbende"
DR = "Task_dringende_reden_beoordelen"
GD = "Gateway_dringende_reden"
ED = "EndEvent_bijstand_wegens_dringende_reden"
EG = "EndEvent_geen_recht_doorverwezen"

spec = dict(
    slug="rechthebbende_en_uitsluitingsgronden_toetsen",
    process_id="rechthebbende_en_uitsluitingsgronden_toetsen",
    name="Rechthebbende en uitsluitingsgronden toetsen",
    participant="Werkbedrijf",
    fase=1,
    stuurlijn="rechtmatig uitkeren",
    documentation={
        "Doel": "Vaststellen of de aanvrager tot de kring van rechthebbenden hoort (Nederlander of "
        "gelijkgestelde vreemdeling, woonachtig in de gemeente) en of een uitsluitingsgrond "
        "geldt (detentie, studie met studiefinanciering, verblijf in het buitenland, "
        "ongeoorloofde afwezigheid), met bijstand wegens dringende redenen als uitweg.",
        "Aanleiding": "De klant heeft bijstand aangevraagd. Registergegevens (Suwinet, DUO, "
        "Inlichtingenbureau/DJI) worden opgevraagd terwijl voor EU-burgers tegelijk "
        "het advies van de IND over rechtmatig verblijf wordt afgewacht.",
        "Uitkomsten": "Klant is rechthebbende zonder uitsluitingsgrond; bijstand wegens dringende "
        "redenen ondanks een uitsluitingsgrond; geen recht op bijstand en doorverwezen "
        "(DUO, IND/COA, reclassering of UWV).",
        "Wettelijke basis": "Pw art. 11 (rechthebbenden, gelijkgestelde vreemdelingen, IND-advies), "
        "art. 13 (uitsluitingsgronden: detentie, buitenland, studie), art. 16 "
        "(dringende redenen), art. 40 (woonplaats); Vreemdelingenwet 2000 art. 8; "
        "Wet SUWI (gegevensuitwisseling via Suwinet en Inlichtingenbureau).",
    },
    lanes=["klant", ("inkomensconsulent", 2), "backoffice", ("klantmanager", 2)],
    messages=["ind_advies"],
    nodes=[
        N(
            S,
            "start",
            "Aanvraag bijstand ingediend",
            "klant",
            0,
            form=[
                F("datum_aanvraag", "Datum aanvraag", "date"),
                F(
                    "nationaliteit",
                    "Nationaliteit",
                    "enum",
                    values=[
                        ("nederlands", "Nederlands"),
                        ("eu_efta", "EU/EER of Zwitsers"),
                        ("derde_land", "Ander land (met verblijfsdocument)"),
                    ],
                ),
            ],
        ),
        N(PS, "and", "Toetsen tegelijk starten", "inkomensconsulent", 1),
        N(
            GN,
            "xor",
            "EU-burger?",
            "inkomensconsulent",
            2,
            default="Flow_eu_burger_naar_verblijfsgegevens_compleet",
        ),
        N(
            MI,
            "message",
            "IND-advies over rechtmatig verblijf ontvangen",
            "inkomensconsulent",
            3,
            message="ind_advies",
        ),
        N(MM, "xor", "Verblijfsgegevens compleet", "inkomensconsulent", 4),
        N(
            BO,
            "user",
            "Detentie-, studie- en verblijfsgegevens opvragen",
            "backoffice",
            3,
            form=[
                F("in_detentie", "In detentie (Inlichtingenbureau/DJI)", "boolean"),
                F(
                    "studiefinanciering_mogelijk",
                    "Opleiding met recht op studiefinanciering (DUO)",
                    "boolean",
                ),
                F(
                    "vis_verblijfsdocument_geldig",
                    "Verblijfsdocument geldig volgens VIS",
                    "boolean",
                    required=False,
                ),
            ],
        ),
        N(PJ, "and", "Gegevens compleet", "inkomensconsulent", 5),
        N(
            U,
            "user",
            "Rechthebbende en uitsluitingsgronden beoordelen",
            "inkomensconsulent",
            6,
            form=[
                F(
                    "uitsluitingsgrond",
                    "Uitsluitingsgrond",
                    "enum",
                    values=[
                        ("geen", "Geen: klant is rechthebbende"),
                        ("geen_rechtmatig_verblijf", "Geen rechthebbende (verblijf, art. 11)"),
                        ("detentie", "Detentie (art. 13)"),
                        ("buitenland", "Verblijf buitenland langer dan toegestaan (art. 13)"),
                        ("studie", "Studie met studiefinanciering (art. 13)"),
                    ],
                ),
                F("motivering_uitsluiting", "Motivering", maxlength=2000),
            ],
        ),
        N(
            GU,
            "xor",
            "Uitsluitingsgrond?",
            "inkomensconsulent",
            7,
            default="Flow_uitsluitingsgrond_naar_dringende_reden_beoordelen",
        ),
        N(ER, "end", "Klant is rechthebbende", "inkomensconsulent", 8),
        N(
            DR,
            "user",
            "Dringende reden beoordelen en doorverwijzen",
            "klantmanager",
            8,
            form=[
                F("dringende_reden", "Dringende reden voor bijstand (art. 16)", "boolean"),
                F(
                    "doorverwijzing",
                    "Doorverwezen naar",
                    "enum",
                    values=[
                        ("geen", "Geen doorverwijzing"),
                        ("duo", "DUO (studiefinanciering)"),
                        ("ind_coa", "IND of COA"),
                        ("reclassering", "Reclassering"),
                        ("uwv", "UWV"),
                    ],
                ),
                F("toelichting_dringende_reden", "Toelichting", maxlength=2000),
            ],
        ),
        N(
            GD,
            "xor",
            "Dringende reden?",
            "klantmanager",
            9,
            default="Flow_dringende_reden_naar_geen_recht_doorverwezen",
        ),
        N(ED, "end", "Bijstand wegens dringende reden", "klantmanager", 10),
        N(EG, "end", "Geen recht op bijstand, doorverwezen", "klantmanager", 10, row=1),
    ],
    flows=[
        L(S, PS),
        L(PS, GN),
        L(PS, BO),
        L(GN, MI, "EU-burger", 'nationaliteit == "eu_efta"'),
        L(GN, MM, "Nederlander of derde land"),
        L(MI, MM),
        L(MM, PJ),
        L(BO, PJ),
        L(PJ, U),
        L(U, GU),
        L(GU, ER, "rechthebbende", 'uitsluitingsgrond == "geen"'),
        L(GU, DR, "uitsluitingsgrond"),
        L(DR, GD),
        L(GD, ED, "dringende reden", "dringende_reden"),
        L(GD, EG, "geen dringende reden"),
    ],
)
