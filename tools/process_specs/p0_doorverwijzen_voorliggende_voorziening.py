from common import F, N, L

TARGET = "0-melding-en-poort/doorverwijzen-naar-voorliggende-voorziening.bpmn"

S = "StartEvent_hulpvraag_gesignaleerd"
HV = "Task_hulpvraag_verhelderen"
TS = "Task_toestemming_geven"
GT = "Gateway_toestemming"
EZ = "EndEvent_zelf_verwezen"
GJ = "Gateway_overdragen"
WO = "Task_warme_overdracht_doen"
TK = "Task_terugkoppeling_vastleggen"
TT = "Timer_termijn_eerste_gesprek"
AS = "Task_voorziening_aanspreken"
EA = "EndEvent_start_hulp_bewaakt"
GK = "Gateway_hulp_gestart"
EG = "EndEvent_geholpen_door_voorziening"
EB = "EndEvent_hulp_gestart_aanvraag_loopt"

spec = dict(
    slug="doorverwijzen_naar_voorliggende_voorziening",
    process_id="doorverwijzen_naar_voorliggende_voorziening",
    name="Doorverwijzen naar voorliggende voorziening",
    participant="Werkbedrijf",
    fase=0,
    stuurlijn="voorkomen",
    documentation={
        "Doel": "Een klant met een hulpvraag die eerst of beter elders wordt opgelost "
        "(schuldhulpverlening, taalbureau, wijkteam) met een warme overdracht laten "
        "starten bij die voorziening, en bewaken dat de hulp binnen de termijn begint.",
        "Aanleiding": "Bij de melding, het poortgesprek of later komt een hulpvraag naar voren "
        "(schulden, taal, problemen thuis of met wonen) waarvoor een voorziening in "
        "het voorveld bestaat.",
        "Uitkomsten": "Klant geholpen door de voorziening zonder bijstand; hulp gestart terwijl de "
        "bijstandsaanvraag doorloopt; klant zelf verwezen (geen toestemming voor "
        "gegevensdeling). Start de hulp niet op tijd (schuldhulp: eerste gesprek "
        "binnen 4 weken, bij dreigende huisuitzetting of afsluiting binnen 3 dagen), "
        "dan spreekt de klantmanager de voorziening aan.",
        "Wettelijke basis": "Pw art. 15 lid 1 (voorliggende voorziening); Pw art. 47 en 7 "
        "(ondersteuning, samenhang met zorg en welzijn); Wet gemeentelijke "
        "schuldhulpverlening art. 4 (eerste gesprek binnen 4 weken, binnen "
        "3 werkdagen bij dreigende huisuitzetting of afsluiting); Wmo 2015 "
        "art. 2.3.2 (onderzoek wijkteam); AVG art. 6 (grondslag gegevensdeling).",
    },
    lanes=["klant", ("klantmanager", 2)],
    nodes=[
        N(
            S,
            "start",
            "Hulpvraag gesignaleerd",
            "klant",
            0,
            form=[
                F("datum_signaal", "Datum signaal", "date"),
                F("hulpvraag", "Hulpvraag", maxlength=1000),
            ],
        ),
        N(
            HV,
            "user",
            "Hulpvraag verhelderen en voorziening kiezen",
            "klantmanager",
            1,
            row=1,
            form=[
                F(
                    "voorziening",
                    "Voorziening",
                    "enum",
                    values=[
                        ("schuldhulpverlening", "Schuldhulpverlening"),
                        ("taalbureau", "Taalbureau"),
                        ("wijkteam", "Wijkteam"),
                    ],
                ),
                F("acute_situatie", "Dreigende huisuitzetting of afsluiting", "boolean"),
                F("toelichting_hulpvraag", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            TS,
            "user",
            "Toestemming voor warme overdracht geven",
            "klant",
            2,
            form=[
                F("toestemming_gegevensdeling", "Toestemming om gegevens te delen", "boolean"),
            ],
        ),
        N(GT, "xor", "Toestemming?", "klant", 3, default="Flow_toestemming_naar_zelf_verwezen"),
        N(EZ, "end", "Klant zelf verwezen naar voorziening", "klant", 4),
        N(GJ, "xor", "Overdragen", "klantmanager", 4, row=1),
        N(
            WO,
            "user",
            "Warme overdracht doen",
            "klantmanager",
            5,
            row=1,
            form=[
                F("datum_aanmelding", "Datum aanmelding bij voorziening", "date"),
                F("contactpersoon_voorziening", "Contactpersoon voorziening", maxlength=200),
            ],
        ),
        N(
            TK,
            "user",
            "Terugkoppeling voorziening vastleggen",
            "klantmanager",
            6,
            row=1,
            form=[
                F("hulp_gestart", "Hulp gestart", "boolean"),
                F("bijstand_nog_nodig", "Bijstand (ook) nodig", "boolean"),
                F("toelichting_terugkoppeling", "Toelichting", required=False, maxlength=1000),
            ],
        ),
        N(
            TT,
            "boundary",
            "Termijn eerste gesprek verstreken",
            attached=TK,
            duration='"P3D" if acute_situatie and voorziening == "schuldhulpverlening" else "P4W"',
            cancel=False,
            offset=0.75,
            side="T",
        ),
        N(
            AS,
            "user",
            "Voorziening aanspreken en klant informeren",
            "klantmanager",
            7,
            form=[
                F("nieuwe_afspraak", "Datum nieuwe afspraak", "date"),
                F("klant_geinformeerd", "Klant geïnformeerd", "boolean"),
            ],
        ),
        N(EA, "end", "Start hulp bewaakt", "klantmanager", 8),
        N(GK, "xor", "Hulp gestart?", "klantmanager", 9, row=1, default="Flow_hulp_gestart_naar_overdragen"),
        N(EG, "end", "Geholpen door voorliggende voorziening", "klantmanager", 10, row=1),
        N(EB, "end", "Hulp gestart, bijstandsaanvraag loopt door", "klant", 10),
    ],
    flows=[
        L(S, HV),
        L(HV, TS),
        L(TS, GT),
        L(GT, GJ, "toestemming", "toestemming_gegevensdeling"),
        L(GT, EZ, "geen toestemming"),
        L(GJ, WO),
        L(WO, TK),
        L(TT, AS),
        L(AS, EA),
        L(TK, GK),
        L(GK, EG, "zonder bijstand", "hulp_gestart and not bijstand_nog_nodig"),
        L(GK, EB, "met bijstand", "hulp_gestart and bijstand_nog_nodig", src_port="T"),
        L(GK, GJ, "niet gestart: opnieuw overdragen", src_port="B", tgt_port="B"),
    ],
)
