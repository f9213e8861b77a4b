"""Date phrases as cables and press write them: commas without spaces, capitals,
weekdays, Spanish. Every sentence here is made up for the test."""

import datetime as dt

import pytest

from geomap.events.dates import _dates, dates_in

THU = dt.date(2009, 10, 8)  # a Thursday
NOV16 = dt.date(2007, 11, 16)


def _read(text: str, reference: dt.date | None) -> list[tuple[str | None, str]]:
    found = dates_in(text, reference=reference)
    assert found == _dates(text, reference, None)  # the cue gating changes nothing
    return [(d.event_date, d.precision) for d in found]


@pytest.mark.parametrize(
    ("text", "iso"),
    [("On October 9,2008, a patrol hit a mine near the river.", "2008-10-09"),
     ("Guerrillas burned two trucks on October 9 ,2008 at dawn.", "2008-10-09"),
     ("The base was shelled on 9 October,2008 by a column.", "2008-10-09"),
     ("The raid of June 2 , 2006 left one dead.", "2006-06-02")],
)
def test_a_year_after_a_comma_without_a_space(text, iso):
    assert _read(text, dt.date(2009, 11, 20)) == [(iso, "day")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Some 9,000 coca growers gathered in the plaza.", []),
     ("In October 9,000 coca growers gathered in the plaza.", [("2009-10", "month")]),
     ("REF: A) 041200Z OCT 09 B) LIMA 1234", [])],  # a date-time group, not 9 October
)
def test_numbers_that_are_not_days(text, expected):
    assert _read(text, dt.date(2009, 11, 20)) == expected


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [("ON FEBRUARY 21 STRIKERS BLOCKED THE BRIDGE IN AYACUCHO.", "2008-02-21", "day"),
     ("THE FEBRUARY 21, 2007 AMBUSH KILLED TWO.", "2007-02-21", "day"),
     ("POLICE SEIZED A LAB IN MARCH 2006.", "2006-03", "month"),
     ("NO PATROL HAS ENTERED THE VALLEY SINCE JANUARY.", "2008-01", "month"),
     ("ON FEB. 3 A MINE EXPLODED.", "2008-02-03", "day"),
     ("THE SEPT 12 RAID NETTED SIX.", "2007-09-12", "day"),
     ("ON MAY 14 TROOPS ARRIVED.", "2007-05-14", "day"),
     ("A GRENADE WAS THROWN ON 14 MAY 2006.", "2006-05-14", "day"),
     ("THE MILITIA REGROUPED IN MAY.", "2007-05", "month"),
     ("ATTACKS ROSE IN MID-MAY.", "2007-05", "month"),
     ("ARRESTS CONTINUED UNTIL MARCH.", "2008-03", "month")],
)
def test_months_in_capitals(text, iso, precision):
    assert _read(text, dt.date(2008, 3, 10)) == [(iso, precision)]


@pytest.mark.parametrize(
    "text",
    ["THE ARMY MAY SEND MORE TROOPS.", "SOME 30 MAY LOSE THEIR LAND.", "THIS MAY DELAY THE TALKS.",
     "THE MARCH ON THE CAPITAL WAS PEACEFUL.", "A MARCH BLOCKED THE ROAD.", "the governor may resign",
     "Officials say talks may resume 12 days later."],
)
def test_may_and_march_in_capitals_only_where_they_are_dates(text):
    assert _read(text, dt.date(2008, 3, 10)) == []


@pytest.mark.parametrize(
    ("text", "iso"),
    [("Rebels fired on a police post on Thursday.", "2009-10-08"),  # the reference day itself
     ("Rebels fired on a police post last Thursday.", "2009-10-01"),
     ("Rebels fired on a police post Tuesday night.", "2009-10-06"),
     ("Rebels fired on a police post on Friday.", "2009-10-02"),
     ("ON SUNDAY REBELS FIRED ON A POLICE POST.", "2009-10-04"),
     ("Saturday's ambush killed a soldier.", "2009-10-03"),
     ("On Monday (Oct 5) rebels fired on a police post.", "2009-10-05"),
     ("On Wednesday, September 30, rebels fired on a police post.", "2009-09-30"),
     ("On Sunday, 20 September 2009 rebels fired on a police post.", "2009-09-20"),
     ("Rebels fired on a police post on October 2 (Friday).", "2009-10-02")],
)
def test_weekdays_count_back_from_the_reference(text, iso):
    assert _read(text, THU) == [(iso, "day")]


def test_a_weekday_with_a_date_keeps_the_date_even_when_they_disagree():
    assert _read("On Thursday, March 5, troops raided a camp.", THU) == [("2009-03-05", "day")]


@pytest.mark.parametrize("text", ["The minister will visit next Thursday.", "Talks resume this coming Monday."])
def test_a_coming_weekday_is_a_future_window(text):
    (date,) = dates_in(text, reference=THU)
    assert date.precision == "unknown" and date.event_date is None
    assert THU < date.start_date <= THU + dt.timedelta(days=7) and date.end_date == date.start_date + dt.timedelta(days=7)


def test_weekdays_need_a_reference():
    assert _read("Rebels fired on a police post on Thursday.", None) == []


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [("La patrulla fue emboscada el 3 de marzo de 2008 cerca del río.", "2008-03-03", "day"),
     ("La patrulla fue emboscada el 3 de marzo del 2008.", "2008-03-03", "day"),
     ("Los ataques crecieron en marzo de 2008.", "2008-03", "month"),
     ("El atentado ocurrió el 15 de septiembre en la plaza.", "2007-09-15", "day"),
     ("El atentado ocurrió el 15 de setiembre en la plaza.", "2007-09-15", "day"),
     ("EL ATENTADO OCURRIÓ EL 2 DE ENERO DE 2006.", "2006-01-02", "day"),
     ("Hubo bloqueos desde agosto.", "2007-08", "month"),
     ("Hubo bloqueos a fines de diciembre.", "2006-12", "month")],
)
def test_spanish_dates(text, iso, precision):
    assert _read(text, NOV16) == [(iso, precision)]


@pytest.mark.parametrize(
    "text", ["Los manifestantes marcharon por la Avenida 28 de Julio.", "Se reunieron en la Plaza Dos de Mayo.",
             "El alcalde mayor habló con la prensa."],
)
def test_streets_named_after_dates_are_not_dates(text):
    assert _read(text, NOV16) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("He is jailed for leading a 2005 armed uprising in the south.", [("2005", "year")]),
     ("The 2008 attack on the base still haunts the town.", [("2008", "year")]),
     ("A 2000 strong column marched north.", []),
     ("The force numbered 2005 men.", [])],
)
def test_a_year_that_modifies_the_incident(text, expected):
    assert _read(text, dt.date(2009, 11, 20)) == expected


@pytest.mark.parametrize(
    ("text", "window"),
    [("In January-February 2007, rebels bombed plants.", ("2007-01-01", "2007-02-28")),
     ("From March to May 2009 the army raided camps.", ("2009-03-01", "2009-05-31")),
     ("Between March and April 2008, farmers marched.", ("2008-03-01", "2008-04-30"))],
)
def test_a_range_of_months_is_one_window(text, window):
    (date,) = dates_in(text, reference=dt.date(2009, 11, 20))
    assert (date.start_date.isoformat(), date.end_date.isoformat()) == window
