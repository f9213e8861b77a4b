"""Events from text: type, date, place, actors, counts, provenance, merging."""

import datetime as dt
import re

import pytest

from geomap.documents import document_from_path, document_from_text
from geomap.events import event_id, merge_events
from geomap.events.counts import casualties
from geomap.events.dates import dates_in
from geomap.events.sentences import MAX_SENTENCE, sentences_from
from tests.conftest import EXAMPLES, LAYOUTS

NOV16 = dt.date(2007, 11, 16)


@pytest.mark.parametrize(
    ("text", "reference", "iso", "precision"),
    [("killed November 13 in an ambush", NOV16, "2007-11-13", "day"),
     ("In August, a sergeant was arrested", dt.date(2007, 12, 5), "2007-08", "month"),
     ("the December 2005 attack", dt.date(2007, 12, 5), "2005-12", "month"),
     ("a December SL attack", dt.date(2007, 2, 20), "2006-12", "month"),
     ("the April 12 attacks", dt.date(2005, 5, 12), "2005-04-12", "day"),
     ("on 13 November 2007 police", None, "2007-11-13", "day"),
     ("in CY 2005 eradication", None, "2005", "year")],
)
def test_dates_resolve_against_the_document_date(text, reference, iso, precision):
    (date,) = dates_in(text, reference=reference)
    assert (date.event_date, date.precision) == (iso, precision)


def test_vague_dates_are_windows_ending_at_the_report():
    (date,) = dates_in("in recent days police", reference=NOV16)
    assert date.precision == "unknown" and date.event_date is None
    assert date.end_date == NOV16 and (NOV16 - date.start_date).days == 7


@pytest.mark.parametrize("text", ["February 30 attack", "the police may act", "May"])
def test_impossible_or_modal_dates_are_not_dates(text):
    assert dates_in(text, reference=NOV16) == []


CASUALTY_PHRASES = [
    ("Four Peruvian National Police (PNP) officers were killed November 13", (4, None)),
    ("struck explosive devices, killing all four officers aboard", (4, None)),
    ("Two officers were injured in the process.", (None, 2)),
    ("the killing of five PNP officers and three civilians", (8, None)),
    ("killed 12 soldiers and wounded 3", (12, 3)),
    ("dozens were injured and hundreds fled", (None, None)),
    ("9,000 rounds of 7.62 mm ammunition", (None, None)),
    # figures of any size, read whole
    ("the fighting ended up killing 1,400 villagers", (1400, None)),
    ("some 20,000 refugees were killed over the decade", (20_000, None)),
    ("the flood of violence left 3,100 dead", (3100, None)),
    ("officials said 180000 people died", (180_000, None)),
    ("the deaths of 2,300 peasants", (2300, None)),
    ("rebels killing twenty-three guards", (23, None)),
    ("a dozen miners were reported killed", (12, None)),
    ("the mob killed " + "7" * 400 + " settlers", (None, None)),
    # groups with one outcome are summed
    ("11 marines and three farmers died near the river", (14, None)),
    ("six police officers and two teachers were killed", (8, None)),
    ("gunmen opened fire, killing 9 guards and 4 drivers", (13, None)),
    ("seven conscripts, two nurses and a cook were killed", (10, None)),
    ("19 people, including four children, were killed", (19, None)),
    # killed, injured and taken kept apart
    ("four killed and six wounded", (4, 6)),
    ("the column killed 17 and wounded 9 recruits", (17, 9)),
    ("one guard was killed and three others injured", (1, 3)),
    ("ambushers killed two porters and three more were hurt", (2, 3)),
    ("three were captured by the army", (None, None)),
    ("eight were killed or captured", (None, None)),
    ("nine soldiers were killed or wounded", (None, None)),
    # qualifiers, ranges and parts
    ("at least 15 dead after the raid", (15, None)),
    ("between 7 and 40 killed, by different accounts", (7, None)),
    ("three to five farmers were wounded", (None, 3)),
    ("nine of the eleven hostages died", (9, None)),
    ("no one was hurt in the blast", (None, 0)),
    # the article counts one only with a singular verb
    ("a sergeant was killed at the checkpoint", (1, None)),
    ("a 16-year-old died in the shooting", (1, None)),
    ("a guerrilla column killed villagers", (None, None)),
    ("a number of recruits were wounded", (None, None)),
    # figures that count something else
    ("a lawyer was murdered in 2006", (1, None)),
    ("a lawyer murdered in 2006", (None, None)),
    ("the farmer was killed in 2006", (None, None)),
    ("the October 14 attack killed a policeman", (1, None)),
    ("the 29th Front killed two farmers", (2, None)),
    ("on Highway 3 four drivers died", (4, None)),
    ("30 conscripts held the post; one was killed", (1, None)),
    ("30 conscripts held the post, and two cooks died", (2, None)),
    ("at 4 a.m. a watchman was killed", (1, None)),
    ("he was shot 5 km from town and killed", (None, None)),
    ("12 insurgents killed three recruits", (3, None)),
    ("the 2009 deaths shocked the region", (None, None)),
    ("a six-hour firefight killed a corporal", (1, None)),
    ("the guard was killed a day later", (None, None)),
    ("hundreds were injured, several killed", (None, None)),
    # people named by their role count one each
    ("rebels shot down the helicopter and killed its pilot, co-pilot and one crewman", (3, None)),
    ("the kidnapping and assassination of the mayor of Tumbes", (1, None)),
    ("gunmen killed the judge and his bodyguard outside the court", (2, None)),
    ("the mayor killed the proposal", (None, None)),
]


@pytest.mark.parametrize(("text", "counts"), CASUALTY_PHRASES)
def test_casualties(text, counts):
    assert casualties(text) == counts


def test_sentences_keep_abbreviations():
    assert len(list(sentences_from("Adm. Montoya spoke. The U.S. Embassy replied."))) == 2


def test_a_run_on_sentence_is_cut_at_spaces_into_bounded_pieces():
    clauses = " ".join(f"rebels attacked a base near Pichari on March {i % 28 + 1} and" for i in range(400))
    text = "Intro. Then " + clauses + " " + "y" * 2500 + " end"
    pieces = list(sentences_from(text))
    assert pieces[0].text == "Intro."
    assert all(len(p.text) <= MAX_SENTENCE for p in pieces)
    assert all(text[p.start : p.end] == p.text for p in pieces)  # offsets still point into the paragraph
    words = [w for p in pieces for w in p.text.split()]
    assert words[:-3] == text.split()[:-2]  # every word kept, in order, none split ...
    assert words[-3:] == ["y" * MAX_SENTENCE, "y" * 500, "end"]  # ... but one longer than a sentence may be


def test_a_dateline_dates_the_story_not_the_incident(pipeline, tmp_path):
    path = tmp_path / "news.txt"
    path.write_text("LIMA, May 30, 2007 - Rebels ambushed a police patrol near Pichari on May 3.\n", encoding="utf-8")
    [event] = pipeline.events(document_from_path(path))
    assert (event.location, event.event_date) == ("Pichari", "2007-05-03")
    assert event.sources[0].quote == "Rebels ambushed a police patrol near Pichari on May 3."
    path.write_text("LIMA, May 30, 2007 - Rebels ambushed a police patrol near Pichari.\n", encoding="utf-8")
    [event] = pipeline.events(document_from_path(path))
    assert (event.event_date, event.date_end) == (None, "2007-05-30")  # only "before the report"
    # a headline on the line before the dateline, no blank line between
    path.write_text("Patrol ambushed\nLIMA, May 30, 2007 - Rebels ambushed a police patrol near Pichari on May 3.\n", encoding="utf-8")
    [event] = pipeline.events(document_from_path(path))
    assert (event.event_date, event.sources[0].quote) == ("2007-05-03", "Rebels ambushed a police patrol near Pichari on May 3.")


NEWS_ITEMS = """Peru security news, collected

LIMA, March 20, 2007 - Rebels ambushed a police patrol near Pichari on March 3, police said.

AYACUCHO, November 15, 2008 - Police arrested four suspects in Sivia on November 9.

Separately, rebels ambushed an army patrol near Pichari in recent days.
"""


def test_each_news_item_is_dated_by_its_own_dateline(pipeline, tmp_path):
    path = tmp_path / "items.txt"
    path.write_text(NEWS_ITEMS, encoding="utf-8")
    events = {(e.event_type, e.location, e.date_start, e.date_end) for e in pipeline.events(document_from_path(path))}
    assert events == {
        ("Battles", "Pichari", "2007-03-03", "2007-03-03"),
        ("Strategic developments", "Sivia", "2008-11-09", "2008-11-09"),  # not 2006: the second item's year
        ("Battles", "Pichari", "2008-11-08", "2008-11-15"),  # "in recent days" before the second item, not merged with 2007
    }


def test_a_run_on_document_gives_events_with_bounded_quotes(pipeline, tmp_path):
    """Untrusted text without full stops: quotes stay a sentence long, and the incidents are still found."""
    path = tmp_path / "runon.txt"
    path.write_text("LIMA, May 30, 2007 - " + ", ".join(["rebels ambushed a police patrol near Pichari on May 3"] * 600) + "\n", encoding="utf-8")
    [event] = pipeline.events(document_from_path(path))  # one incident, told 600 times
    assert (event.location, event.event_date) == ("Pichari", "2007-05-03")
    assert len(event.sources) > 1 and all(len(s.quote) <= MAX_SENTENCE for s in event.sources)


def events_of(pipeline, path):
    return pipeline.events(document_from_path(path))


def test_ambush_example(pipeline):
    (event,) = [e for e in events_of(pipeline, EXAMPLES / "01_huancavelica_ambush_2007.txt") if e.event_type == "Battles"]
    assert (event.event_date, event.date_precision) == ("2007-11-13", "day")
    assert event.location == "Tayacaja" and event.admin1 == "Huancavelica"
    assert (event.fatalities, event.injured) == (4, 2)
    assert event.actor1 == "Peruvian National Police"
    (source,) = event.sources
    assert source.ref == "07GEOMAP1" and source.paragraph == 2 and "ambushed" in source.quote
    assert source.file.endswith("01_huancavelica_ambush_2007.txt")


def test_place_is_where_the_incident_happened_not_the_qualifier(pipeline):
    events = events_of(pipeline, EXAMPLES / "04_llochegua_lab_2007.txt")
    assert {e.location for e in events} == {"Llochegua", "Pichari"}
    lab = next(e for e in events if e.location == "Llochegua")
    assert (lab.event_type, lab.event_date, lab.actor1) == ("Strategic developments", "2007-10", "DIRANDRO")


def test_helicopter_stoning_is_a_riot_and_plans_are_marked(pipeline):
    events = events_of(pipeline, EXAMPLES / "05_upper_huallaga_helicopters_2005.txt")
    riot = next(e for e in events if e.event_type == "Riots")
    assert riot.event_date == "2005-04-12" and riot.actor1 == "cocaleros" and not riot.planned
    plan = next(e for e in events if e.planned)
    assert plan.event_date is None and plan.date_start >= "2005-05-13"


def test_an_event_without_a_place_keeps_null_coordinates(pipeline):
    doc = document_from_text("1. (C) In a December SL attack, five police officers were killed.\n", path=None)
    doc = type(doc)(**{**{f: getattr(doc, f) for f in doc.__dataclass_fields__}, "datetime": dt.datetime(2007, 2, 20, tzinfo=dt.timezone.utc)})
    (event,) = pipeline.events(doc)
    assert event.lat is None and event.lon is None and event.location is None
    assert event.event_date == "2006-12" and event.fatalities == 5


def test_generic_and_anaphoric_mentions_are_not_incidents(pipeline):
    doc = document_from_text(
        "1. (C) Uniforms are usually worn during ambushes on the police in Pichari. "
        "The minister said the attack was a simple response.\n"
    )
    assert pipeline.events(doc) == []


def test_nothing_from_header_lines(pipeline):
    events = events_of(pipeline, LAYOUTS / "raw_cable.txt")
    assert {e.location for e in events} <= {"Sivia", "Pichari"}


def test_event_ids_are_stable_and_distinct(pipeline):
    first = events_of(pipeline, EXAMPLES / "05_upper_huallaga_helicopters_2005.txt")
    again = events_of(pipeline, EXAMPLES / "05_upper_huallaga_helicopters_2005.txt")
    assert [e.event_id for e in first] == [e.event_id for e in again]
    assert len({e.event_id for e in first}) == len(first)
    assert event_id("a", 1, "Battles", None, None) != event_id("a", 2, "Battles", None, None)


def test_reports_of_one_incident_merge_across_documents_that_cite_each_other(pipeline):
    first = document_from_path(EXAMPLES / "01_huancavelica_ambush_2007.txt")  # cites GEOMAP 2
    second = document_from_path(EXAMPLES / "02_ocobamba_attack_2007.txt")
    assert first.references == ("07GEOMAP2",)
    events = pipeline.events(first) + pipeline.events(second)
    assert merge_events(events, links={first.name: frozenset(first.references)}) != []
    unrelated = merge_events(events)
    assert len(unrelated) == len(events)  # different places and days: nothing to merge


def test_rules_come_from_data():
    from geomap.events import load_rules

    rules = load_rules()
    assert {t.event_type for t in rules.triggers} >= {"Battles", "Riots", "Strategic developments", "Explosions/Remote violence"}
    hits = rules.actors_in("DIRANDRO drug police and the SL met cocaleros", country="PE")
    assert list(dict.fromkeys(h.name for h in hits)) == ["DIRANDRO", "Sendero Luminoso", "cocaleros"]
    assert "Peruvian National Police" not in {h.name for h in hits}  # "drug police" is DIRANDRO


def _all_sentences() -> list[str]:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in (*EXAMPLES.glob("*.txt"), *LAYOUTS.iterdir())]
    return [s.text for text in texts for s in sentences_from(text)]


DATE_PHRASES = [
    "November 13", "13 Nov 2007", "on 11/13/07", "in mid-August", "since 2005", "in CY 2006", "in recent days",
    "over the past two weeks", "last week", "over the last months", "yesterday", "earlier this month",
    "last month", "this year", "last year", "recently", "in the near future", "Sept. 3",
    "on October 9,2008", "October 9 ,2008", "ON FEBRUARY 21", "IN MARCH 2008", "SINCE JANUARY", "SEPT 4",
    "IN MAY", "MAY 3", "on Thursday", "last Thursday", "Thursday night", "on Monday (Oct 5)",
    "next Thursday", "THIS COMING SATURDAY", "3 de marzo de 2008", "3 de marzo del 2008", "marzo de 2008",
    "el 15 de septiembre", "15 DE SETIEMBRE", "en enero",
]


@pytest.mark.parametrize("sentence", [*_all_sentences(), *(f"Police acted {p} near Pichari." for p in DATE_PHRASES)])
def test_date_cues_skip_only_patterns_that_cannot_match(sentence):
    from geomap.events.dates import _dates

    assert dates_in(sentence, reference=NOV16) == _dates(sentence, NOV16, None)


@pytest.mark.parametrize("phrase", DATE_PHRASES)
def test_every_date_phrase_is_found(phrase):
    assert dates_in(f"Police acted {phrase} near Pichari.", reference=NOV16)


@pytest.mark.parametrize("sentence", [*_all_sentences(), *(text for text, _ in CASUALTY_PHRASES)])
def test_casualty_cues_skip_only_patterns_that_cannot_match(sentence):
    from geomap.events.counts import _casualties

    assert casualties(sentence) == _casualties(sentence)
    assert casualties(sentence, cues=frozenset()) == (None, None)


def test_an_undated_incident_follows_only_the_incidents_of_its_own_story(pipeline, tmp_path):
    path = tmp_path / "two.txt"
    story = "LIMA, March 20, 2009 - Rebels ambushed a police patrol near Pichari on March 3, police said.\n\n{}"
    follow = "Hundreds of farmers then blocked the highway in protest in Tingo Maria.\n"
    path.write_text(story.format(follow), encoding="utf-8")  # told after the ambush, in the same story
    blockade = next(e for e in pipeline.events(document_from_path(path)) if e.event_type == "Protests")
    assert (blockade.date_start, blockade.date_end) == ("2009-03-03", "2009-03-20")
    path.write_text(story.format("LIMA, March 25, 2009 - " + follow), encoding="utf-8")  # another story
    blockade = next(e for e in pipeline.events(document_from_path(path)) if e.event_type == "Protests")
    assert (blockade.date_start, blockade.date_end) == (None, "2009-03-25")


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_a_cable_in_capitals_gives_the_events_it_gives_in_mixed_case(pipeline, path):
    """Old cables are written in capitals: the same report in capitals has the same incidents,
    of the same types, at the same places, with the same counts."""
    text = path.read_text(encoding="utf-8")
    body = re.search(r"\n\s*1\. ", text)
    start = body.start() if body else 0
    shouted = document_from_text(text[:start] + text[start:].upper())

    def key(event):
        return event.event_type, event.place_id or "", event.fatalities or 0

    assert sorted(map(key, pipeline.events(shouted))) == sorted(map(key, pipeline.events(document_from_text(text))))


def _cable(text: str, day: dt.date = dt.date(2009, 11, 20)):
    """A one-paragraph cable body filed on ``day``."""
    doc = document_from_text(f"1. (C) {text}\n", path=None)
    return type(doc)(**{**{f: getattr(doc, f) for f in doc.__dataclass_fields__}, "datetime": dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)})


#: sentences whose reading once differed when written in capitals: (text, the events it reports
#: as (type, location, date))
IN_CAPITALS = [
    # a dated attack in a zone and an undated assault at a base inside it: one attack, at the base
    ("The latest VRAE attack took place on November 12, when two soldiers were hurt during a night-long "
     "assault by Sendero Luminoso on an army post outside Pichari.", [("Battles", "Pichari", "2009-11-12")]),
    # lowered whole, "cochabamba" is a verb and the riot a plan
    ("Witnesses said cocaleros who were bussed to Cochabamba to riot against the prefect were paid by the party.", []),
    # lowered whole, "march" is the verb: the minister's defence of the raids is no raid
    ("Quito's mood soured when minister Santos on March 1 defended attacks on guerrillas beyond the border.", []),
]


@pytest.mark.parametrize(("text", "expected"), IN_CAPITALS, ids=lambda v: v[:40] if isinstance(v, str) else "")
@pytest.mark.parametrize("case", [str, str.upper], ids=["mixed", "capitals"])
def test_a_sentence_in_capitals_reports_what_it_reports_in_mixed_case(pipeline, text, expected, case):
    events = pipeline.events(_cable(case(text)))
    assert sorted((e.event_type, e.location, e.event_date) for e in events) == sorted(expected)


QUITO_CABLE = """VZCZC
P 201500Z OCT 09
FM AMEMBASSY QUITO
TO SECSTATE WASHDC
C O N F I D E N T I A L QUITO 000999

TAGS: PGOV ELAB EC
SUBJECT: TEST: A MARCH IN THE CAPITAL

1. (C) {text}
"""


@pytest.mark.parametrize("case", [str, str.upper], ids=["mixed", "capitals"])
def test_a_march_in_the_capital_is_a_march_in_capitals_too(pipeline, case):
    """In capitals "MARCH" is the month only where a date reads it so, and "THE CAPITAL, HOWEVER,"
    cannot tell a name after its comma: the capital it stays."""
    body = case("On October 8 the biggest march in the capital, however, drew few of the striking teachers.")
    events = pipeline.events(document_from_text(QUITO_CABLE.format(text=body)))
    assert [(e.event_type, e.location, e.event_date) for e in events] == [("Protests", "Quito", "2009-10-08")]
