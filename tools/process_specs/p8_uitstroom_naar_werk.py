from common import F, N, L

TARGET = "8-uitstroom-en-nazorg/uitstroom-naar-werk.bpmn"

S = "StartEvent_werk_gevonden"
PS = "Gateway_uitstroom_starten"
WA = "Task_werkaanvaarding_vastleggen"
IB = "Task_inkomsten_beoordelen"
PJ = "Gateway_uitstroom_beoordeeld"
GI = "Gateway_inkomen_boven_norm"
BE = "Task_bijstand_beeindigen"
EA = "Task_eindafrekening_betalen"
EB = "EndEvent_uitkering_beeindigd"
AV = "Task_aanvullende_bijstand_vaststellen"
EAV = "EndEvent_werk_met_aanvullende_bijstand"

spec = dict(
    slug="uitstroom_naar_werk",
    process_id="uitstroom_naar_werk",
    name="Uitstroom naar werk",
    participant="Werkbedrijf",
    fase=8,
    stuurlijn="uitstromen",
    documentation={
        "Doel": "De overgang van bijstand naar werk soepel en zonder inkomensgat afhandelen: "
        "werkaanvaarding en nazorg vastleggen en tegelijk het recht op bijstand "
        "beëindigen of als aanvulling herberekenen.",
        "Aanleiding": "De klant heeft werk gevonden (zelf of via bemiddeling) en geeft de "
        "werkaanvaarding door (inlichtingenplicht).",
        "Uitkomsten": "Uitkering beëindigd en eindafrekening (zo nodig met overbrugging tot het "
        "eerste salaris) betaald; klant werkt met aanvullende bijstand en "
        "inkomstenverrekening. Werkcoach en inkomensconsulent werken tegelijk.",
        "Wettelijke basis": "Pw art. 17 lid 1 (inlichtingenplicht); Pw art. 54 lid 3 (herzien of "
        "intrekken); Pw art. 31 lid 2 onder n (inkomstenvrijlating bij werk); "
        "Pw art. 32 en 33 (inkomen, verrekening); Pw art. 45 (periode van "
        "bijstandsverlening).",
    },
    lanes=["klant", "werkcoach", ("inkomensconsulent", 2), "backoffice"],
    nodes=[
        N(
            S,
            "start",
            "Werk gevonden",
            "klant",
            0,
            form=[
                F("startdatum_werk", "Startdatum werk", "date"),
                F("uren_per_week", "Uren per week", "long", min=1, max=40),
                F(
                    "contractsoort",
                    "Soort contract",
                    "enum",
                    values=[
                        ("vast", "Vast"),
                        ("tijdelijk", "Tijdelijk"),
                        ("uitzend_of_oproep", "Uitzend of oproep"),
                    ],
                ),
            ],
        ),
        N(PS, "and", "Uitstroom starten", "klant", 1),
        N(
            WA,
            "user",
            "Werkaanvaarding vastleggen en nazorg afspreken",
            "werkcoach",
            2,
            form=[
                F("werkgever", "Werkgever", maxlength=200),
                F("nazorg_nodig", "Nazorg nodig", "boolean"),
                F("re_integratie_afgesloten", "Re-integratietraject afgesloten", "boolean"),
            ],
        ),
        N(
            IB,
            "user",
            "Inkomsten en recht op bijstand beoordelen",
            "inkomensconsulent",
            2,
            form=[
                F("inkomen_boven_norm", "Inkomen boven de bijstandsnorm", "boolean"),
                F("inkomstenvrijlating", "Inkomstenvrijlating van toepassing", "boolean"),
                F("overbrugging_nodig", "Overbrugging tot eerste salaris nodig", "boolean"),
            ],
        ),
        N(PJ, "and", "Uitstroom beoordeeld", "inkomensconsulent", 3),
        N(
            GI,
            "xor",
            "Inkomen boven norm?",
            "inkomensconsulent",
            4,
            default="Flow_inkomen_boven_norm_naar_aanvullende_bijstand_vaststellen",
        ),
        N(
            BE,
            "user",
            "Bijstand beëindigen",
            "inkomensconsulent",
            5,
            row=1,
            form=[
                F("datum_beeindiging", "Datum beëindiging", "date"),
                F("datum_verzending_beschikking", "Datum verzending beschikking", "date"),
            ],
        ),
        N(
            EA,
            "user",
            "Eindafrekening en overbrugging betalen",
            "backoffice",
            6,
            form=[
                F("bedrag_eindafrekening", "Bedrag eindafrekening (euro)", "long", min=0, max=5000),
                F("datum_betaling", "Datum betaling", "date"),
            ],
        ),
        N(EB, "end", "Aan het werk, uitkering beëindigd", "backoffice", 7),
        N(
            AV,
            "user",
            "Aanvullende bijstand vaststellen",
            "inkomensconsulent",
            5,
            form=[
                F("ingangsdatum_aanvulling", "Ingangsdatum aanvulling", "date"),
                F("inkomstenopgave_per_maand", "Maandelijkse inkomstenopgave afgesproken", "boolean"),
            ],
        ),
        N(EAV, "end", "Aan het werk met aanvullende bijstand", "inkomensconsulent", 6),
    ],
    flows=[
        L(S, PS),
        L(PS, WA),
        L(PS, IB),
        L(WA, PJ),
        L(IB, PJ),
        L(PJ, GI),
        L(GI, BE, "boven norm", "inkomen_boven_norm"),
        L(GI, AV, "onder norm"),
        L(BE, EA),
        L(EA, EB),
        L(AV, EAV),
    ],
)
