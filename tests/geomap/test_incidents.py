"""Incidents across sentences and triggers: relative days, one incident told twice, crowds, air strikes.

Our own sentences, in a test cable from Embassy Lima dated 10 March 2009.
"""

from geomap.documents import document_from_text
from geomap.pipeline import Pipeline
from tests.geomap.test_parse import CABLE

HEADER = CABLE[: CABLE.index("1. (C)")]


def _events(*paragraphs: str):
    text = "\n\n".join(f"{n}. (C) {p}" for n, p in enumerate(paragraphs, 1))
    document = document_from_text(HEADER + text + "\n")
    return Pipeline().events(document)


def test_days_later_counts_from_the_incident_before():
    events = _events("On March 1, rebels ambushed a patrol near Pichari. "
                     "Two days later, rebels detonated a car bomb at the police post in Llochegua.")  # fmt: skip
    bomb = next(e for e in events if e.event_type == "Explosions/Remote violence")
    assert bomb.event_date == "2009-03-03" and bomb.location == "Llochegua"


def test_a_headline_zone_and_the_village_of_the_same_day_are_one_incident():
    events = _events("Rebels attacked an army base in the VRAE on March 5, killing one soldier.",
                     "The March 5 attack on the base near Pichari lasted four hours.")  # fmt: skip
    (event,) = [e for e in events if e.event_type == "Battles"]
    assert event.location == "Pichari" and len(event.sources) == 2


def test_a_clash_with_protesters_is_a_riot():
    events = _events("On March 4, protesters armed with spears opened fire on police at a bridge in Tingo Maria.")
    assert [(e.event_type, e.sub_event_type) for e in events] == [("Riots", "Violent demonstration")]


def test_an_air_strike_is_not_a_strike():
    (event,) = _events("On March 2, the air force carried out an air strike on a rebel camp near Pichari.")
    assert (event.event_type, event.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")


def test_a_dated_trigger_and_a_placed_one_of_the_same_type_are_one_incident():
    events = _events("The March 3 general strike was the last of a series of protests by workers in Cusco.")
    assert [(e.event_type, e.event_date, e.location) for e in events] == [("Protests", "2009-03-03", "Cusco")]


def test_arrests_on_the_day_of_a_clash_at_the_same_place_are_part_of_it():
    events = _events("On March 4, police raided a house in Tingo Maria, killing two rebels.",
                     "Police arrested three men in Tingo Maria on March 4.")  # fmt: skip
    (event,) = events
    assert (event.event_type, event.fatalities, len(event.sources)) == ("Battles", 2, 2)


def test_a_seizure_on_the_day_of_a_clash_stays_its_own_event():
    events = _events("On March 4, police raided a house in Tingo Maria, killing two rebels.",
                     "On March 4, police also found a weapons cache in Tingo Maria.")  # fmt: skip
    assert sorted(e.event_type for e in events) == ["Battles", "Strategic developments"]


def test_a_dated_strike_and_the_blockade_that_kept_it_going_are_one_placed_event():
    # the definite "The strike" carries its own date, so it is the telling, not a look back;
    # the next sentence, undated, gives the strike its place
    events = _events("The strike that farmers called on March 2 lost support within a day. "
                     "However, coca growers kept the highway between Tingo Maria and Aucayacu blocked by the strike.")  # fmt: skip
    (event,) = events
    assert (event.event_type, event.event_date, event.location) == ("Protests", "2009-03-02", "Tingo María")
    assert "blocked" in " ".join(s.quote for s in event.sources)


def test_a_strike_named_as_the_reason_for_a_statement_is_not_dated_by_it():
    events = _events("Farmers in Cusco went on strike on March 2. "
                     "The governor issued a statement on March 6 calling the strike illegal.")  # fmt: skip
    assert [e.event_date for e in events] == ["2009-03-02"]


def test_an_incident_months_before_the_report_named_as_a_point_in_time_is_background():
    events = _events("Relations have been frozen since the June 2008 army raid on a rebel camp near Pichari.",
                     "On the anniversary of the August 2008 ambush in Llochegua, the mayor laid a wreath.")  # fmt: skip
    assert events == []


def test_a_recent_incident_named_as_a_point_in_time_is_still_reported():
    events = _events("Troops rescued the crew in the aftermath of the March 2 attack on a helicopter near Pichari.")
    assert [(e.event_date, e.location) for e in events] == [("2009-03-02", "Pichari")]


def test_a_place_outside_the_region_a_list_item_names_is_another_place_of_that_name():
    events = _events("Rebels kept up the pressure. -- On March 3, on a road in northern Huancavelica Region: "
                     "rebels detonated a bomb under an army truck heading back to its base at Cochabamba.")  # fmt: skip
    (event,) = events
    assert (event.event_date, event.admin1) == ("2009-03-03", "Huancavelica")


def test_an_incident_years_before_the_report_behind_for_is_background():
    events = _events("The rebel leader, jailed for leading a 2005 armed uprising in Andahuaylas, spoke to the press.")
    assert events == []


def test_a_sentence_that_sums_up_the_incidents_told_one_by_one_is_not_one_more():
    header = HEADER.replace("AMEMBASSY LIMA", "AMEMBASSY BOGOTA").replace("PTER PE", "PTER CO")
    text = ("1. (C) In January-February 2009, the FARC bombed three bridges in Caqueta.\n\n"
            "2. (C) On January 15, the FARC bombed a bridge in San Vicente del Caguan. "
            "On January 20, the FARC bombed a bridge in El Doncello.\n")  # fmt: skip
    events = Pipeline().events(document_from_text(header + text))
    assert sorted((e.event_date, e.location) for e in events) == [("2009-01-15", "San Vicente del Caguán"), ("2009-01-20", "El Doncello")]
    assert any("January-February" in s.quote for e in events for s in e.sources)


def test_incidents_someone_takes_a_stance_on_are_not_reported_by_it():
    assert _events("On March 2 the defence minister defended attacks on rebel camps abroad as self-defence.") == []
    (event,) = _events("The governor condemned the March 2 ambush of a patrol near Pichari.")
    assert (event.event_date, event.location) == ("2009-03-02", "Pichari")


def test_an_undated_incident_in_a_description_of_someone_is_not_news():
    assert _events("Quispe heads the builders' union, which led the failed assault on the airport in Cusco.") == []
    (event,) = _events("Quispe heads the builders' union, which led an assault on the airport in Cusco on March 3.")
    assert event.event_date == "2009-03-03"


def test_an_undated_incident_happened_after_the_dated_one_told_before_it():
    events = _events("On March 2, rebels ambushed a patrol near Pichari.",
                     "Thousands of teachers came to the capital to demonstrate against the education law.")  # fmt: skip
    march = next(e for e in events if e.event_type == "Protests")
    assert (march.location, march.date_start, march.date_end) == ("Lima", "2009-03-02", "2009-03-10")


def test_an_undated_incident_that_looks_back_keeps_an_open_start():
    events = _events("On March 2, rebels ambushed a patrol near Pichari.",
                     "Earlier, hundreds of farmers had blocked the highway in protest in Tingo Maria.")  # fmt: skip
    blockade = next(e for e in events if e.event_type == "Protests")
    assert (blockade.date_start, blockade.date_end) == (None, "2009-03-10")


def test_a_strike_called_for_a_past_day_took_place_when_it_is_called_off():
    called = "The miners' union called for a strike in Cusco on March 3 over wages."
    (planned,) = _events(called)
    assert planned.planned
    events = _events(called + " The miners met the minister for two days and then called off the strike.")
    assert [(e.event_type, e.event_date, e.location, e.planned) for e in events] == [("Protests", "2009-03-03", "Cusco", False)]


def test_a_march_in_lower_case_is_a_protest_and_the_month_is_not():
    (event,) = _events("On March 4, the biggest march of the teachers went through Cusco.")
    assert (event.event_type, event.event_date, event.location) == ("Protests", "2009-03-04", "Cusco")
    assert not _events("In March the teachers of Cusco met the minister.")
