"""The clause reading of candidate sentences: what happened, what was only planned, denied or habitual.

Every sentence here is our own; the parser is spaCy's small English pipeline
(a package dependency), so these tests skip when it is not installed.
"""

import pytest

from geomap.documents import document_from_text
from geomap.events import load_rules
from geomap.events.extract import Decision, events_from_document, parse_candidates
from geomap.events.parse import default_parser
from geomap.pipeline import Pipeline

pytestmark = pytest.mark.skipif(default_parser() is None, reason="spaCy or its English model is not installed")

CABLE = """VZCZC
P 101500Z MAR 09
FM AMEMBASSY LIMA
TO SECSTATE WASHDC
C O N F I D E N T I A L LIMA 000999

TAGS: PTER PE
SUBJECT: TEST: EVENTS AND NON-EVENTS

1. (C) {text}
"""


def _reading(sentence: str, trigger: str):
    parser = default_parser()
    start = sentence.index(trigger)
    ((reading,),) = parser.readings([sentence], [[(start, start + len(trigger))]])
    return reading


@pytest.mark.parametrize(
    ("sentence", "trigger", "tense", "modality", "negation"),
    [("Rebels ambushed an army patrol near Pichari on March 3.", "ambushed", "past", None, None),
     ("The army will attack the rebel camp next month.", "attack", "future", "will", None),
     ("Officials plan a long eradication campaign in the valley.", "eradication campaign", "present", "plan", None),
     ("No joint patrols are being carried out in the valley.", "patrols", "present", None, "no"),
     ("There have been no attacks in Satipo since January.", "attacks", "present", None, "no"),
     ("The grant is meant to build the capacity to conduct operations against the rebels.", "operations", "future", "capacity", None),
     ("The rebels are making heavy use of roadside bombs in the valley.", "roadside bombs", "present", None, None),
     ("Rumors in Puno suggest that smugglers funded the violent roadblocks in May.", "roadblocks", "past", "rumors", None),
     ("The teachers' union called for a national strike on May 2.", "strike", "past", "called for", None)],
)
def test_the_clause_of_a_trigger(sentence, trigger, tense, modality, negation):
    reading = _reading(sentence, trigger)
    assert (reading.tense, reading.modality, reading.negation) == (tense, modality, negation)


def test_subject_and_object_of_the_clause():
    sentence = "Police arrested two rebel couriers in Tingo Maria on May 3."
    reading = _reading(sentence, "arrested")
    assert sentence[slice(*reading.subject)] == "Police"
    assert sentence[slice(*reading.object)].startswith("two rebel couriers")


def _events(text: str, *, parser="default"):
    document = document_from_text(CABLE.format(text=text))
    decisions: list[Decision] = []
    events = events_from_document(document, Pipeline().mentions(document), parser=parser, explain=decisions)
    return events, decisions


@pytest.mark.parametrize(
    "text",
    ["Rebels are making heavy use of roadside bombs in the VRAE.",
     "No joint operations against Sendero are being conducted in the VRAE.",
     "Joint police and army operations against Sendero have been taking place in the Upper Huallaga."],
)
def test_states_trends_and_negations_are_not_incidents(text):
    events, decisions = _events(text)
    assert events == []
    assert decisions and all(d.verdict == "dropped" for d in decisions)


def test_a_plan_is_flagged_planned():
    events, decisions = _events("The police will deploy 300 officers to Tingo Maria next week.")
    assert [e.planned for e in events] == [True]
    assert decisions[0].verdict == "planned" and "'will'" in decisions[0].reason


def test_a_past_incident_is_kept_and_explained():
    events, decisions = _events("On March 3, rebels ambushed an army patrol near Pichari, killing two soldiers.")
    (event,) = events
    assert (event.event_type, event.event_date, event.location, event.fatalities) == ("Battles", "2009-03-03", "Pichari", 2)
    assert decisions[0].verdict == "kept" and "past" in decisions[0].reason


def test_the_rules_alone_still_read_incidents():
    events, decisions = _events("On March 3, rebels ambushed an army patrol near Pichari.", parser=None)
    assert [e.event_date for e in events] == ["2009-03-03"]
    assert "no parse" not in decisions[0].reason


@pytest.mark.parametrize(
    "text",
    ["After the attacks in the VRAE, the police sent more officers to Pichari.",
     "After a week of protests in Cusco, the minister resigned.",
     "In response to the strike in Cusco, the government moved the meeting to Lima.",
     "A judge issued a warrant for his arrest in Tingo Maria.",
     "Police have been conducting raids in Tingo Maria since March.",
     "The lawyer avoided Tingo Maria on March 2 for fear of arbitrary detention."],
)
def test_references_warrants_and_trends_are_not_incidents(text):
    events, decisions = _events(text)
    assert [e for e in events if not e.planned] == [], decisions


def test_a_dated_reference_may_be_all_the_text_says_of_an_incident():
    events, _ = _events("The minister came to Tingo Maria after the March 2 ambush of a police patrol there.")
    assert [(e.event_type, e.event_date) for e in events] == [("Battles", "2009-03-02")]


def test_a_detention_announced_on_a_day_is_an_arrest():
    events, _ = _events("On March 6 the police announced the detention of a rebel leader in Tingo Maria.")
    assert [(e.event_type, e.sub_event_type, e.event_date, e.location) for e in events] == [
        ("Strategic developments", "Arrests", "2009-03-06", "Tingo María")]


@pytest.mark.parametrize(
    ("text", "actors"),
    [("On March 3, police arrested two Sendero Luminoso couriers in Tingo Maria.",
      ("Peruvian National Police", "Sendero Luminoso")),
     ("On March 3, two Sendero Luminoso couriers were arrested in Tingo Maria by the police.",
      ("Peruvian National Police", "Sendero Luminoso")),
     ("On March 3, fourteen soldiers and two civilians died in a Sendero ambush near Pichari.",
      ("Sendero Luminoso", "Peruvian Army"))],
)
def test_who_did_it_to_whom(text, actors):
    events, _ = _events(text)
    (event,) = [e for e in events if not e.planned]
    assert (event.actor1, event.actor2) == actors


@pytest.mark.parametrize(
    ("sentence", "trigger", "verb"),
    # lowered whole, "cochabamba" reads as a verb
    [("Witnesses said cocaleros who were bussed to Cochabamba to riot against the prefect were paid.", "riot", "bussed"),
     # "march" reads as a verb
     ("Quito's mood soured when minister Santos on March 1 defended attacks on guerrillas abroad.", "attacks", "defended")],
)
@pytest.mark.parametrize("case", [str, str.upper], ids=["mixed", "capitals"])
def test_a_sentence_in_capitals_is_read_with_its_names_capitalised(sentence, trigger, verb, case):
    """A sentence in capitals is parsed in lower case but for the places, surnames and month
    names in it: the clause of its trigger is the one the mixed-case sentence has."""
    document = document_from_text(CABLE.format(text=case(sentence)))
    parsed = parse_candidates(document, load_rules(), default_parser(), Pipeline().mentions(document))
    (text,) = [t for t in parsed if case(sentence) in t]
    start = text.index(case(trigger) + " ")
    assert parsed[text][(start, start + len(trigger))].verb == verb


def test_the_names_of_a_sentence_in_capitals_are_its_surnames_and_month_names():
    from geomap.events.dates import calendar_names
    from geomap.events.extract import _surnames

    text = "ON MAY 4 THE UNREST HAD LEFT MORALES AND SAID WITH FEW ALLIES, AS FAR AS LONG AGO; IT MAY LAST."
    assert [text[a:b] for a, b in _surnames(text, "BO")] == ["MORALES"]  # "SAID", "LONG" are words first
    assert [text[a:b] for a, b in calendar_names(text)] == ["MAY"]  # the month, not the modal
