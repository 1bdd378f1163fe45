"""The engine's lint and deploy problems (engine.errors.Problem.message) as the console says them.

The engine speaks English to the API, the CLI and Camunda Modeler; the console speaks Dutch. Each
entry is a regex for one English message, matched whole, and its Dutch template. Element ids,
names, expressions and values come through as the engine wrote them. A group named ``detail``
holds a nested engine message (an expression's error, a timer's problem) and is translated in
turn; a group named ``known`` is translated when an entry knows it (an error the engine raised
inside Python's TypeError); a group named ``raw`` holds text of a library (libxml2, SpiffWorkflow,
Python) that the engine passes on as it is.
"""

from __future__ import annotations

import re


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.DOTALL)


IGNORED = r"(?P<attr>camunda:\w+) is ignored"
PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = (
    # -- house rules (engine/lint.py) --
    (
        _p(r'set modeler:executionPlatform="Camunda Platform" \(Camunda 7\)'),
        'zet modeler:executionPlatform="Camunda Platform" (Camunda 7)',
    ),
    (
        _p(r"lane '(?P<name>.*)' is not a role; name it after one of the roles in docs/glossary\.md"),
        "baan '{name}' is geen rol; noem de baan naar een van de rollen in docs/glossary.md",
    ),
    (
        _p(
            r"lane '(?P<name>.*)' names no organisation; set its property 'organisatie' to one of: "
            r"(?P<list>.*)"
        ),
        "baan '{name}' noemt geen organisatie; zet de eigenschap 'organisatie' op een van: {list}",
    ),
    (
        _p(
            r"lane '(?P<name>.*)' refers to '(?P<id>.*)', which is no flow node of its process; "
            r"remove the flowNodeRef or add the element"
        ),
        "baan '{name}' verwijst naar '{id}', en dat is geen element van haar proces; verwijder de "
        "flowNodeRef of voeg het element toe",
    ),
    (
        _p(r"user task is not in a lane; put it in the lane of the role that does it"),
        "de gebruikerstaak ligt in geen baan; zet haar in de baan van de rol die haar doet",
    ),
    (
        _p(r"user task has no form; add the fields the role fills in"),
        "de gebruikerstaak heeft geen formulier; voeg de velden toe die de rol invult",
    ),
    (
        _p(r"end event has no property 'uitkomst'; set one of: (?P<list>.*)"),
        "het eindpunt heeft geen eigenschap 'uitkomst'; zet een van: {list}",
    ),
    (
        _p(r"end event has uitkomst '(?P<value>.*)', which is not a type; set one of: (?P<list>.*)"),
        "het eindpunt heeft uitkomst '{value}', en dat is geen soort uitkomst; zet een van: {list}",
    ),
    # -- follow-up cases (engine/lint.py _check_follow_ups, ADR 40) --
    (
        _p(r"end event (?P<named>.*) names vervolggegevens but no vervolgproces to pass them to"),
        "eindpunt {named} noemt vervolggegevens, maar geen vervolgproces om ze aan door te geven",
    ),
    (
        _p(
            r"end event (?P<named>.*) starts follow-up process '(?P<target>.*)', but never ends the case "
            r"\(it ends an escalation branch or an embedded subprocess\); put vervolgproces on an end of "
            r"the case"
        ),
        "eindpunt {named} start vervolgproces '{target}', maar beëindigt de zaak nooit (het sluit een "
        "escalatietak of een ingebed subproces af); zet vervolgproces op een eindpunt van de zaak",
    ),
    (
        _p(
            r"end event (?P<named>.*) starts follow-up process '(?P<target>.*)', which is no executable "
            r"process among these files nor deployed"
        ),
        "eindpunt {named} start vervolgproces '{target}', maar dat is geen uitvoerbaar proces in deze "
        "bestanden en ook niet gepubliceerd",
    ),
    (
        _p(
            r"end event (?P<named>.*) passes '(?P<name>.*)' to '(?P<target>.*)', which this process never "
            r"sets"
        ),
        "eindpunt {named} geeft '{name}' door aan '{target}', maar dit proces zet '{name}' nergens",
    ),
    (
        _p(
            r"end event (?P<named>.*) passes '(?P<name>.*)' to '(?P<target>.*)', which is not set on every "
            r"path to it \(set by (?P<ids>.*)\)"
        ),
        "eindpunt {named} geeft '{name}' door aan '{target}', maar dat is niet op elk pad ernaartoe gezet "
        "(gezet door {ids})",
    ),
    (
        _p(
            r"end event (?P<named>.*) passes '(?P<name>.*)' to '(?P<target>.*)', whose start form has no "
            r"such field; its fields: (?P<list>.*)"
        ),
        "eindpunt {named} geeft '{name}' door aan '{target}', maar het startformulier daarvan heeft zo'n "
        "veld niet; de velden: {list}",
    ),
    (
        _p(
            r"end event (?P<named>.*) passes '(?P<name>.*)' \((?P<types>.*)\) to '(?P<target>.*)', whose "
            r"start form asks it as (?P<type>.*)"
        ),
        "eindpunt {named} geeft '{name}' ({types}) door aan '{target}', maar het startformulier daarvan "
        "vraagt het als {type}",
    ),
    (
        _p(
            r"end event (?P<named>.*) starts '(?P<target>.*)' without '(?P<name>.*)', which its start form "
            r"requires; add it to vervolggegevens"
        ),
        "eindpunt {named} start '{target}' zonder '{name}', dat het startformulier daarvan verplicht "
        "vraagt; neem het op in vervolggegevens",
    ),
    (
        _p(r"property 'organisatie' must be one of: (?P<list>.*)"),
        "de eigenschap 'organisatie' moet een van deze zijn: {list}",
    ),
    (
        _p(r"the process needs documentation: purpose, trigger, outcomes, legal basis"),
        "het proces heeft documentatie nodig: doel, aanleiding, uitkomsten, wettelijke grondslag",
    ),
    (
        _p(r"property 'fase' must be the phase number 0-9"),
        "de eigenschap 'fase' moet het nummer van de fase zijn, 0-9",
    ),
    (
        _p(r"property 'stuurlijn' must be one of: (?P<list>.*)"),
        "de eigenschap 'stuurlijn' moet een van deze zijn: {list}",
    ),
    (
        _p(r"property 'doorlooptijd' must be an ISO 8601 duration such as P8W: (?P<detail>.*)"),
        "de eigenschap 'doorlooptijd' moet een ISO 8601-duur zijn, zoals P8W: {detail}",
    ),
    (
        _p(r"property 'plafond' must name a ceiling of the profile: (?P<list>.*)"),
        "de eigenschap 'plafond' moet een plafond van het profiel noemen: {list}",
    ),
    # -- Camunda 7 (engine/lint.py IGNORED_CAMUNDA_ATTRIBUTES and _check_camunda7) --
    (
        _p(IGNORED + r"; the form is the task's form fields"),
        "{attr} wordt genegeerd; het formulier is de formuliervelden van de taak",
    ),
    (
        _p(IGNORED + r"; use candidate groups \(roles\) or an assignee"),
        "{attr} wordt genegeerd; vul Candidate groups (rollen) of Assignee in",
    ),
    (
        _p(IGNORED + r"; candidate starter groups start"),
        "{attr} wordt genegeerd; wie mag starten staat bij Candidate starter groups",
    ),
    (
        _p(IGNORED + r"; model a deadline as a boundary timer"),
        "{attr} wordt genegeerd; modelleer een termijn als timer op de rand van de taak",
    ),
    (_p(IGNORED + r"; model it as a timer"), "{attr} wordt genegeerd; modelleer het als timer"),
    (
        _p(IGNORED + r" \(every step is one transaction\)"),
        "{attr} wordt genegeerd (elke stap is één transactie)",
    ),
    (
        _p(IGNORED + r"; the audit history is kept"),
        "{attr} wordt genegeerd; de audit-geschiedenis wordt bewaard",
    ),
    (
        _p(IGNORED + r"; versions are numbered at deploy"),
        "{attr} wordt genegeerd; versies krijgen bij publiceren een nummer",
    ),
    (
        _p(IGNORED + r"; the case records who started it"),
        "{attr} wordt genegeerd; de zaak legt vast wie haar startte",
    ),
    (_p(IGNORED), "{attr} wordt genegeerd"),
    (_p(r"JUEL (?P<juel>.*) runs as: (?P<python>.*)"), "JUEL {juel} wordt uitgevoerd als: {python}"),
    (
        _p(r"an event subprocess runs only in the process itself: SpiffWorkflow 3\.2 starts .*"),
        "een event-subproces werkt alleen in het proces zelf: SpiffWorkflow 3.2 start de event-subprocessen "
        "van het proces, niet die in een uitgeklapt subproces (een bericht of fout bereikt het niet, een "
        "timer houdt het subproces open); zet het in het proces zelf, of gebruik een event op de rand van "
        "het uitgeklapte subproces",
    ),
    (
        _p(r'an error start event always interrupts \(BPMN\); remove isInterrupting="false"'),
        'een fout-startevent onderbreekt altijd (BPMN); haal isInterrupting="false" weg',
    ),
    (_p(r"completion condition: (?P<detail>.*)"), "voltooiingsvoorwaarde: {detail}"),
    (
        _p(
            r"the completion condition reads (?P<names>.*), which Camunda 7 counts and this engine does "
            r"not; decide with a form field the instances fill in"
        ),
        "de voltooiingsvoorwaarde leest {names}; Camunda 7 telt die, deze engine niet; beslis met een "
        "formulierveld dat de instanties invullen",
    ),
    (
        _p(r"camunda:collection '(?P<value>.*)' must name a list in the case data, e\.g\. \$\{gezinsleden\}"),
        "camunda:collection '{value}' moet een lijst in de zaakgegevens noemen, bijvoorbeeld "
        "${{gezinsleden}}",
    ),
    # -- gateways, loops, variables, diagram, names (engine/lint.py) --
    (
        _p(r"flow out of gateway (?P<id>.*) needs a condition or must be its default flow"),
        "de pijl uit gateway {id} heeft een voorwaarde nodig of moet de standaardpijl zijn",
    ),
    (
        _p(
            r"the loop through (?P<ids>.*) has no user task, message or timer to wait for; a case would "
            r"run round it without end"
        ),
        "de lus door {ids} heeft geen gebruikerstaak, bericht of timer om op te wachten; een zaak zou er "
        "eindeloos rondgaan",
    ),
    (
        _p(r"form field '(?P<id>.*)' would overwrite the engine's '(?P=id)'; choose another id"),
        "formulierveld '{id}' zou de '{id}' van de engine overschrijven; kies een ander id",
    ),
    (
        _p(r"condition reads '(?P<name>.*)', which no form, message or profile provides"),
        "de voorwaarde leest '{name}', maar geen formulier, bericht of profiel levert dat",
    ),
    (
        _p(r"'profiel\.(?P<key>.*)' is not a profile setting; see docs/profiles\.md"),
        "'profiel.{key}' is geen instelling van het profiel; zie docs/profiles.md",
    ),
    (_p(r"has no shape in the diagram"), "heeft geen vorm in het diagram"),
    (_p(r"has no edge in the diagram"), "heeft geen lijn in het diagram"),
    (_p(r"shape overlaps (?P<id>.*)"), "de vorm overlapt {id}"),
    (_p(r"shape lies outside its lane (?P<id>.*)"), "de vorm ligt buiten zijn baan {id}"),
    (_p(r"edge runs through (?P<id>.*)"), "de lijn loopt door {id}"),
    (
        _p(
            r"the name does not fit the task \((?P<size>[^)]*)\): bpmn-js cuts '(?P<word>.*)'; make it at "
            r"least (?P<need>\S+) wide \(procesregie layout --fit\)"
        ),
        "de naam past niet in de taak ({size}): bpmn-js breekt '{word}' af; maak de taak minstens {need} "
        "breed (procesregie layout --fit)",
    ),
    (
        _p(
            r"the name does not fit the task \((?P<size>[^)]*)\): its lines run outside the box or beside "
            r"the icon; make it at least (?P<need>\S+) wide \(procesregie layout --fit\)"
        ),
        "de naam past niet in de taak ({size}): de regels lopen buiten het vak of naast het icoon; maak de "
        "taak minstens {need} breed (procesregie layout --fit)",
    ),
    (
        _p(r"bpmn-js cuts '(?P<word>.*)' in the name's label \((?P<width>\S+) wide\); widen the label"),
        "bpmn-js breekt '{word}' af in het label van de naam ({width} breed); maak het label breder",
    ),
    # -- mistakes caught at deploy (engine/lint.py _check_mistakes) --
    (
        _p(
            r"condition of flow (?P<flow>.*) compares (?P<name>\w+) with '(?P<value>.*)', which is not one "
            r"of its values: (?P<list>.*)"
        ),
        "de voorwaarde van pijl {flow} vergelijkt {name} met '{value}', en dat is geen van de waarden: "
        "{list}",
    ),
    (
        _p(
            r"condition of flow (?P<flow>.*) fails at run time on the form's types \((?P<types>.*)\): "
            r"(?P<detail>.*)"
        ),
        "de voorwaarde van pijl {flow} faalt tijdens de zaak met de typen van het formulier ({types}): "
        "{detail}",
    ),
    (
        _p(
            r"condition of flow (?P<flow>.*) reads '(?P<name>.*)', an optional field of (?P<where>.*): left "
            r"empty, every comparison with it is false .*"
        ),
        "de voorwaarde van pijl {flow} leest '{name}', een niet-verplicht veld van {where}: leeg gelaten is "
        "elke vergelijking ermee onwaar (!= is waar; == null test erop, docs/modelling.md); maak het veld "
        "verplicht, of laat de standaardpijl van de gateway het lege geval nemen",
    ),
    (_p(r"script of (?P<named>.*?): (?P<detail>.*)"), "script van {named}: {detail}"),
    (
        _p(r"timer of (?P<named>.*) reads '(?P<name>.*)', which is no date field of this process's forms"),
        "de timer van {named} leest '{name}', en dat is geen datumveld van de formulieren van dit proces",
    ),
    (
        _p(
            r"timer of (?P<named>.*) reads '(?P<name>.*)', which is no duration field \(text or enum\) of "
            r"this process's forms"
        ),
        "de timer van {named} leest '{name}', en dat is geen duurveld (tekst of keuzelijst) van de "
        "formulieren van dit proces",
    ),
    (
        _p(r"timer of (?P<named>.*) reads '(?P<name>.*)', whose value '(?P<value>.*)' is no timer"),
        "de timer van {named} leest '{name}', met de waarde '{value}', en dat is geen timer",
    ),
    (
        _p(r"timer of (?P<named>.*) reads '(?P<name>.*)', which no form sets"),
        "de timer van {named} leest '{name}', maar geen formulier zet dat",
    ),
    (
        _p(
            r"timer of (?P<named>.*) reads '(?P<name>.*)', which is not set on every path before the timer "
            r"starts \(set by (?P<ids>.*)\)"
        ),
        "de timer van {named} leest '{name}', maar dat is niet op elk pad gezet voordat de timer start "
        "(gezet door {ids})",
    ),
    (
        _p(r"timer of (?P<named>.*) fails at run time on the form's types: (?P<detail>.*)"),
        "de timer van {named} faalt tijdens de zaak met de typen van het formulier: {detail}",
    ),
    (_p(r"timer of (?P<named>.*?): (?P<detail>timer .*)"), "de timer van {named}: {detail}"),
    # -- what the engine cannot run (engine/bpmn.py) --
    (
        _p(r"link events are not supported; connect the flows directly"),
        "link-events worden niet ondersteund; verbind de pijlen rechtstreeks",
    ),
    (
        _p(r"complex gateways are not supported; use exclusive or parallel gateways"),
        "complexe gateways worden niet ondersteund; gebruik exclusieve of parallelle gateways",
    ),
    (_p(r"compensation is not supported"), "compensatie wordt niet ondersteund"),
    (
        _p(r"service tasks are not supported; model the work as a user task"),
        "servicetaken worden niet ondersteund; modelleer het werk als gebruikerstaak",
    ),
    (
        _p(r"send tasks are not supported; use a message end or throw event"),
        "verzendtaken worden niet ondersteund; gebruik een eindpunt of werpevent met een bericht",
    ),
    (
        _p(r"receive tasks are not supported; use an intermediate message catch event"),
        "ontvangsttaken worden niet ondersteund; gebruik een tussenliggend bericht-vangevent",
    ),
    (_p(r"business rule tasks are not supported yet"), "bedrijfsregeltaken worden nog niet ondersteund"),
    (
        _p(r"manual tasks are not supported; use a user task in the lane of the role that does it"),
        "handmatige taken worden niet ondersteund; gebruik een gebruikerstaak in de baan van de rol die "
        "haar doet",
    ),
    (
        _p(r"untyped tasks are not supported; use a user task in the lane of the role that does it"),
        "taken zonder soort worden niet ondersteund; gebruik een gebruikerstaak in de baan van de rol "
        "die haar doet",
    ),
    (_p(r"ad-hoc subprocesses are not supported"), "ad-hoc-subprocessen worden niet ondersteund"),
    (_p(r"transactions are not supported"), "transacties worden niet ondersteund"),
    (
        _p(r"camunda:inputOutput mappings are ignored by this engine"),
        "camunda:inputOutput-koppelingen worden door deze engine genegeerd",
    ),
    (
        _p(
            r"camunda:in variable mappings are ignored by this engine \(a called process gets all case data\)"
        ),
        "camunda:in-koppelingen worden door deze engine genegeerd (een aangeroepen proces krijgt alle "
        "zaakgegevens)",
    ),
    (
        _p(
            r"camunda:out variable mappings are ignored by this engine \(a called process returns all its "
            r"data\)"
        ),
        "camunda:out-koppelingen worden door deze engine genegeerd (een aangeroepen proces geeft al zijn "
        "gegevens terug)",
    ),
    (_p(r"execution listeners are not supported"), "Execution listeners worden niet ondersteund"),
    (_p(r"task listeners are not supported"), "Task listeners worden niet ondersteund"),
    (_p(r"connectors are not supported"), "connectors worden niet ondersteund"),
    (
        _p(r"the id '(?P<id>.*)' is reserved by the engine; choose another id"),
        "het id '{id}' is van de engine; kies een ander id",
    ),
    (
        _p(r"timer '(?P<value>.*)' is not an ISO 8601 duration or date \(e\.g\. P8W, PT4H, 2027-01-01\)"),
        "timer '{value}' is geen ISO 8601-duur of -datum (bijvoorbeeld P8W, PT4H, 2027-01-01)",
    ),
    (_p(r"condition (?P<juel>\$\{.*?\}): (?P<detail>.*)"), "voorwaarde {juel}: {detail}"),
    (_p(r"condition: (?P<detail>.*)"), "voorwaarde: {detail}"),
    (_p(r'no process with isExecutable="true"'), 'geen proces met isExecutable="true"'),
    (
        _p(r"candidate starter group '(?P<group>.*)' is not a role"),
        "'{group}' bij Candidate starter groups is geen rol",
    ),
    (_p(r"candidate group '(?P<group>.*)' is not a role"), "'{group}' bij Candidate groups is geen rol"),
    (
        _p(r"calls '(?P<id>.*)', which has event subprocesses: SpiffWorkflow 3\.2 starts .*"),
        "roept '{id}' aan, dat event-subprocessen heeft: SpiffWorkflow 3.2 start alleen die van het eigen "
        "proces van de zaak (in een aangeroepen proces bereikt een bericht ze niet en houdt een timer-start "
        "de zaak open); zet ze in het aanroepende proces, of gebruik een uitgeklapt subproces met events op "
        "de rand",
    ),
    (
        _p(
            r"user task has no role: its lane '(?P<lane>.*)' is not a role and it has no candidate groups; "
            r"(?P<rest>.*)"
        ),
        "de gebruikerstaak heeft geen rol: haar baan '{lane}' is geen rol en bij Candidate groups staat "
        "niets; zet haar in de baan van een rol of vul Candidate groups in",
    ),
    (
        _p(r"user task has no role: it is in no lane and it has no candidate groups; (?P<rest>.*)"),
        "de gebruikerstaak heeft geen rol: ze ligt in geen baan en bij Candidate groups staat niets; zet "
        "haar in de baan van een rol of vul Candidate groups in",
    ),
    (
        _p(r"vier_ogen names '(?P<id>.*)', which is no user task of this process"),
        "vier_ogen noemt '{id}', en dat is geen gebruikerstaak van dit proces",
    ),
    # -- timers (engine/bpmn.py check_timer) --
    (
        _p(r"timer cycle '(?P<value>.*)' must repeat a duration: R<count>/<duration>, e\.g\. R3/P1W"),
        "timercyclus '{value}' moet een duur herhalen: R<aantal>/<duur>, bijvoorbeeld R3/P1W",
    ),
    (
        _p(
            r"timer cycle '(?P<value>.*)' repeats without end; give the number of repetitions, e\.g\. "
            r"(?P<example>\S+)"
        ),
        "timercyclus '{value}' herhaalt zonder einde; geef het aantal herhalingen, bijvoorbeeld {example}",
    ),
    (
        _p(
            r"timer cycle '(?P<value>.*)' repeats (?P<count>\d+) times; between 1 and (?P<max>\d+) "
            r"repetitions are allowed"
        ),
        "timercyclus '{value}' herhaalt {count} keer; tussen 1 en {max} herhalingen mogen",
    ),
    (
        _p(r"timer cycle '(?P<value>.*)' must be R<count>/<duration> or R<count>/<start date>/<duration>"),
        "timercyclus '{value}' moet R<aantal>/<duur> of R<aantal>/<startdatum>/<duur> zijn",
    ),
    (
        _p(
            r"timer duration '(?P<value>.*)' is not an ISO 8601 duration \(e\.g\. P8W, PT4H\): (?P<detail>.*)"
        ),
        "timerduur '{value}' is geen ISO 8601-duur (bijvoorbeeld P8W, PT4H): {detail}",
    ),
    (
        _p(
            r"timer duration '(?P<value>.*)' is longer than the maximum of (?P<max>\S+) years "
            r"\(PROCESREGIE_TIMER_MAX_YEARS\)"
        ),
        "timerduur '{value}' is langer dan het maximum van {max} jaar (PROCESREGIE_TIMER_MAX_YEARS)",
    ),
    (
        _p(r"timer date '(?P<value>.*)' is not an ISO 8601 date \(e\.g\. 2027-01-01T09:00:00Z\)"),
        "timerdatum '{value}' is geen ISO 8601-datum (bijvoorbeeld 2027-01-01T09:00:00Z)",
    ),
    (
        _p(r"timer date '(?P<value>.*)' is not a valid date: (?P<raw>.*)"),
        "timerdatum '{value}' is geen geldige datum: {raw}",
    ),
    (
        _p(r"timer date '(?P<value>.*)' lies in the past; it would fire at once"),
        "timerdatum '{value}' ligt in het verleden; de timer zou meteen afgaan",
    ),
    (
        _p(
            r"timer date '(?P<value>.*)' lies more than (?P<max>\S+) years ahead "
            r"\(PROCESREGIE_TIMER_MAX_YEARS\)"
        ),
        "timerdatum '{value}' ligt meer dan {max} jaar vooruit (PROCESREGIE_TIMER_MAX_YEARS)",
    ),
    # -- SpiffWorkflow's parser (engine/bpmn.py passes its first line on; it ends in ". ") --
    (
        _p(r"(?P<raw>(Element '|No matching global declaration).*?)[. ]*"),
        "het bestand volgt het BPMN-schema niet: {raw}",
    ),
    (
        _p(r"Non-default exclusive outgoing sequence flow without condition[. ]*"),
        "een pijl uit een exclusieve gateway die niet de standaardpijl is, heeft geen voorwaarde",
    ),
    (
        _p(
            r"The process '(?P<id>.*)' was not found\. "
            r"Did you mean one of the following: (?P<list>.*?)\?[. ]*"
        ),
        "het proces '{id}' is niet gevonden. Bedoelt u een van deze: {list}?",
    ),
    (_p(r"No start event found[. ]*"), "er is geen startevent"),
    (_p(r"Duplicate process ID: (?P<id>.*?)[. ]*"), "dubbel proces-id: {id}"),
    (
        _p(r"Exactly one start event is required in a SubWorkflow Task; found (?P<count>\d+)[. ]*"),
        "een subproces heeft precies één startevent nodig; er zijn er {count}",
    ),
    (_p(r"A SubWorkflow Must contain an End event[. ]*"), "een subproces moet een eindpunt hebben"),
    (
        _p(r'No "calledElement" attribute for Call Activity[. ]*'),
        'de aanroep van een proces (call activity) heeft geen attribuut "calledElement"',
    ),
    (
        _p(r"Invalid Script Task\.  No Script Provided\. (?P<raw>.*?)[. ]*"),
        "ongeldige scripttaak: er is geen script",
    ),
    (
        _p(r"Conditional event definition with missing condition[. ]*"),
        "een voorwaardelijk event zonder voorwaarde",
    ),
    (_p(r"Unknown Time Specification[. ]*"), "onbekende tijdsaanduiding van de timer"),
    (_p(r"Time Specification Error\. (?P<raw>.*?)[. ]*"), "fout in de tijdsaanduiding van de timer: {raw}"),
    (
        _p(r"Could not find messageRef from message event definition: (?P<id>.*?)[. ]*"),
        "de messageRef van de berichtdefinitie is niet gevonden: {id}",
    ),
    (
        _p(
            r"(?P<element>Message|Signal|Error|Escalation|Correlation) identifier is missing from bpmn "
            r"xml[. ]*"
        ),
        "het id van een {element} ontbreekt in de BPMN-XML",
    ),
    (
        _p(r"Cannot resolve (?P<kind>dataInputAssociation|dataOutputAssociation) (?P<name>.*?)[. ]*"),
        "{kind} {name} is niet te herleiden",
    ),
    (_p(r"Process (?P<id>.*) is not executable[. ]*"), "proces {id} is niet uitvoerbaar"),
    (
        _p(r"There is no support implemented for this task type[. ]*"),
        "dit soort taak wordt niet ondersteund",
    ),
    # -- procesregie layout (engine/layout.py) --
    (
        _p(r"the file has no diagram to fit; use layout"),
        "het bestand heeft geen diagram om te passen; gebruik layout",
    ),
    (
        _p(r"the file has a diagram; --replace draws it anew, --fit widens it"),
        "het bestand heeft een diagram; --replace tekent het opnieuw, --fit maakt het breder",
    ),
    (_p(r"the file has no process to lay out"), "het bestand heeft geen proces om te tekenen"),
    (
        _p(r"the process has no participant in the collaboration"),
        "het proces heeft geen deelnemer (participant) in de collaboration",
    ),
    # -- forms (engine/forms.py) --
    (
        _p(r"form field id '(?P<id>.*)' must be a name \(letters, digits, _\)"),
        "het id '{id}' van een formulierveld moet een naam zijn (letters, cijfers, _)",
    ),
    (
        _p(r"form field '(?P<id>.*)' has type '(?P<type>.*)'; use one of (?P<list>.*)"),
        "formulierveld '{id}' heeft type '{type}'; gebruik een van {list}",
    ),
    (
        _p(r"form field '(?P<id>.*)' has unknown constraint '(?P<name>.*)'"),
        "formulierveld '{id}' heeft een onbekende beperking '{name}'",
    ),
    (
        _p(r"form field '(?P<id>.*)' constraint '(?P<name>.*)' needs a whole number, not '(?P<value>.*)'"),
        "beperking '{name}' van formulierveld '{id}' vraagt een geheel getal, niet '{value}'",
    ),
    (_p(r"enum form field '(?P<id>.*)' has no values"), "keuzelijst-formulierveld '{id}' heeft geen waarden"),
    (_p(r"form field '(?P<id>.*)' occurs twice"), "formulierveld '{id}' komt twee keer voor"),
    # -- the file (engine/xmldoc.py, engine/processes.py) --
    (_p(r"not well-formed XML: (?P<raw>.*)"), "geen welgevormde XML: {raw}"),
    (
        _p(r"a DOCTYPE is not allowed in a BPMN file; remove the <!DOCTYPE \.\.\.> line"),
        "een DOCTYPE mag niet in een BPMN-bestand; haal de regel <!DOCTYPE ...> weg",
    ),
    (_p(r"no BPMN file was given"), "er is geen BPMN-bestand gegeven"),
    # -- expressions (engine/expressions.py): the detail of a condition, script or timer --
    (
        _p(r"JUEL cannot be translated: (?P<detail>.*); write JUEL with .*"),
        "JUEL is niet te vertalen: {detail}; "
        "schrijf JUEL met variabelen, waarden, . en [], de operatoren && || ! == != < > <= >= (of and or not "
        "eq ne lt gt le ge), + - * / div % mod, empty, ?: en execution.getVariable('x')",
    ),
    (_p(r"empty expression"), "lege expressie"),
    (_p(r"syntax error: (?P<raw>.*)"), "syntaxfout: {raw}"),
    (_p(r"'(?P<name>\w+)' is not allowed"), "'{name}' is niet toegestaan"),
    (_p(r"attribute '(?P<name>.*)' is not allowed"), "attribuut '{name}' is niet toegestaan"),
    (
        _p(r"only the functions (?P<list>.*) may be called"),
        "alleen de functies {list} mogen worden aangeroepen",
    ),
    (_p(r"keyword arguments are not allowed"), "benoemde argumenten zijn niet toegestaan"),
    (
        _p(r"(?P<function>\w+) takes (?P<wanted>\d+) arguments?, not (?P<given>\d+)"),
        "{function} neemt {wanted} argument(en), niet {given}",
    ),
    (_p(r"constant (?P<value>.*) is not allowed"), "constante {value} is niet toegestaan"),
    (
        _p(r"line (?P<number>\d+): expected 'name = expression'"),
        "regel {number}: verwacht 'naam = expressie'",
    ),
    (
        _p(r"the expression needs more than (?P<max>\S+) operations"),
        "de expressie vraagt meer dan {max} bewerkingen",
    ),
    (_p(r"the expression ran longer than (?P<max>.*) s"), "de expressie liep langer dan {max} s"),
    (
        _p(
            r"the (?P<what>joined value|repeated value|list|set|text) would be too large \((?P<size>.*) > "
            r"(?P<max>.*) characters or items\)"
        ),
        "{what} zou te groot worden ({size} > {max} tekens of elementen)",
    ),
    (
        _p(r"the number would be too large \(more than (?P<max>.*) bits\)"),
        "het getal zou te groot worden (meer dan {max} bits)",
    ),
    (_p(r"unknown variable '(?P<name>.*)'"), "onbekende variabele '{name}'"),
    (
        _p(r"'%' formats no text here; it computes the remainder of numbers"),
        "'%' maakt hier geen tekst op; het berekent de rest van een deling",
    ),
    (_p(r"cannot index a value of type (?P<type>.*)"), "een waarde van type {type} heeft geen index"),
    (_p(r"no item (?P<key>.*)"), "geen element {key}"),
    (_p(r"'\.(?P<attr>.*)' needs an object, not (?P<type>.*)"), "'.{attr}' vraagt een object, geen {type}"),
    (_p(r"unknown field '(?P<name>.*)'"), "onbekend veld '{name}'"),
    (_p(r"sum adds numbers only"), "sum telt alleen getallen op"),
    (_p(r"round takes at most 100 digits"), "round neemt hoogstens 100 cijfers"),
    (
        _p(r"the expression is nested too deeply; at most (?P<max>\d+) levels are allowed"),
        "de expressie is te diep genest; hoogstens {max} niveaus mogen",
    ),
    (
        _p(r"the expression has (?P<count>\d+) characters; at most (?P<max>\d+) are allowed"),
        "de expressie heeft {count} tekens; hoogstens {max} mogen",
    ),
    (
        _p(r"the expression is too long; at most (?P<max>\d+) terms"),
        "de expressie is te lang; hoogstens {max} termen",
    ),
    (
        _p(r"the script has (?P<count>\d+) lines; at most (?P<max>\d+)"),
        "het script heeft {count} regels; hoogstens {max}",
    ),
    (_p(r"line (?P<number>\d+): (?P<detail>.*)"), "regel {number}: {detail}"),
    (
        _p(r"(?P<function>\w+) takes a date \(YYYY-MM-DD\), not (?P<value>.*)"),
        "{function} neemt een datum (JJJJ-MM-DD), niet {value}",
    ),
    (
        _p(r"datum_plus takes an ISO 8601 duration \(e\.g\. 'P8W'\), not (?P<value>.*?)(: (?P<raw>.*))?"),
        "datum_plus neemt een ISO 8601-duur (bijvoorbeeld 'P8W'), niet {value}",
    ),
    (
        _p(r"datum_plus counts at most 1000 of each unit, not (?P<value>.*)"),
        "datum_plus telt hoogstens 1000 van elke eenheid, niet {value}",
    ),
    (
        _p(r"count back in weeks or days \(-P4W, -P28D\), not in months or years"),
        "tel terug in weken of dagen (-P4W, -P28D), niet in maanden of jaren",
    ),
    # Python's own words for a type error at run time: the kind is named, the text stays Python's.
    (
        _p(r"(?P<kind>[A-Z]\w*Error): (?P<known>.*)"),
        "{kind}: {known}",
    ),
    # -- durations (engine/bpmn.py parse_duration): the reason a duration cannot be read --
    (
        _p(r"write the designators in capitals: (?P<value>.*)"),
        "schrijf de letters als hoofdletters: {value}",
    ),
    (
        _p(r"write P, numbers with Y, M, W or D, then T and numbers with H, M or S"),
        "schrijf P, getallen met Y, M, W of D, dan T en getallen met H, M of S",
    ),
    (
        _p(r"weeks cannot be combined with years, months or days"),
        "weken gaan niet samen met jaren, maanden of dagen",
    ),
    # -- JUEL (engine/juel.py) --
    (_p(r"'instanceof' has no counterpart here"), "'instanceof' heeft hier geen tegenhanger"),
    (_p(r"functions are not supported"), "functies worden niet ondersteund"),
    (
        _p(r"unexpected character (?P<char>.*) at position (?P<pos>\d+)"),
        "onverwacht teken {char} op positie {pos}",
    ),
    (
        _p(r"the text starting at position (?P<pos>\d+) has no closing (?P<quote>.*)"),
        "de tekst vanaf positie {pos} heeft geen sluitende {quote}",
    ),
    (
        _p(r"expected (?P<text>'.*') at position (?P<pos>\d+), found (?P<found>.*)"),
        "verwacht {text} op positie {pos}, gevonden {found}",
    ),
    (_p(r"unexpected (?P<text>.*) at position (?P<pos>\d+)"), "onverwacht {text} op positie {pos}"),
    (
        _p(r"functions such as '(?P<text>.*)' are not supported"),
        "functies zoals '{text}' worden niet ondersteund",
    ),
    (
        _p(r"expected a value at position (?P<pos>\d+), found (?P<found>.*)"),
        "verwacht een waarde op positie {pos}, gevonden {found}",
    ),
    (
        _p(r"execution\.getVariable takes the variable's name in quotes"),
        "execution.getVariable neemt de naam van de variabele tussen aanhalingstekens",
    ),
    (
        _p(
            r"'(?P<text>execution.*)' is not available; "
            r"only execution\.getVariable\('name'\) is \(the case data\)"
        ),
        "'{text}' is er niet; alleen execution.getVariable('naam') (de zaakgegevens)",
    ),
    (
        _p(r"method calls such as '(?P<text>.*)' are not supported"),
        "methode-aanroepen zoals '{text}' worden niet ondersteund",
    ),
    (
        _p(r"expected a property name after '\.' at position (?P<pos>\d+)"),
        "verwacht de naam van een eigenschap na '.' op positie {pos}",
    ),
    (
        _p(r"property '(?P<name>.*)' cannot be read here; use (?P<use>.*)"),
        "eigenschap '{name}' is hier niet te lezen; gebruik {use}",
    ),
    (
        _p(r"the variable name '(?P<name>.*)' cannot be used here; rename the variable"),
        "de variabelenaam '{name}' kan hier niet; geef de variabele een andere naam",
    ),
    (
        _p(r"text with more than one \$\{…\} is not a condition; write one expression"),
        "tekst met meer dan één ${{…}} is geen voorwaarde; schrijf één expressie",
    ),
    (_p(r"the expression is empty"), "de expressie is leeg"),
)


WORDS = {
    # the few English words the engine puts into its messages as values
    "the start form": "het startformulier",
    "joined value": "de samengevoegde waarde",
    "repeated value": "de herhaalde waarde",
    "list": "de lijst",
    "set": "de verzameling",
    "text": "de tekst",
    # the kinds of BPMN element SpiffWorkflow names (``element``), as the console calls them
    "Message": "bericht",
    "Signal": "signaal",
    "Error": "fout",
    "Escalation": "escalatie",
    "Correlation": "correlatie",
}
WORD_GROUPS = ("where", "what", "element")
"""Groups whose value is one of WORDS (or, for ``where``, a task's name and id, kept)."""


def dutch_problem(message: str) -> str:
    """A lint or deploy problem's message as the console shows it; as given when no entry knows it."""
    for pattern, text in PROBLEMS:
        match = pattern.fullmatch(message)
        if match:
            groups = match.groupdict()
            return text.format(**{k: _dutch_group(k, v) for k, v in groups.items()})
    return message


def _dutch_group(name: str, value: str | None) -> str:
    if not value:
        return ""
    if name.startswith(("detail", "known")):
        return dutch_problem(value)
    if name in WORD_GROUPS:
        return WORDS.get(value, value)
    return value


_NAMED = re.compile(r"'.*' \(\S+\)")  # how lint names an element: 'name' (id)


def untranslated(message: str) -> list[str]:
    """The parts of a message that no entry translates (empty when the console says all of it in
    Dutch, apart from the ``raw`` text of a library)."""
    for pattern, _ in PROBLEMS:
        match = pattern.fullmatch(message)
        if match:
            groups = match.groupdict().items()
            words = [v for k, v in groups if k in WORD_GROUPS and v not in WORDS and not _NAMED.fullmatch(v)]
            return words + [part for k, v in groups if k.startswith("detail") for part in untranslated(v)]
    return [message]
