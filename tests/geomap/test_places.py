"""Mentions and their resolution in context, on documents we wrote."""

import pytest

from gazetteer import km_between
from geomap.documents import document_from_path, document_from_text
from tests.conftest import EXAMPLES, LAYOUTS


def resolved(pipeline, doc):
    return {" ".join(m.text.split()): m.place for m in pipeline.mentions(doc)}


def test_header_addressees_are_never_mentions(pipeline):
    names = resolved(pipeline, document_from_path(LAYOUTS / "raw_cable.txt"))
    assert {"Pichari", "Sivia"} <= set(names)
    assert not {"Bogota", "BOGOTA", "Quito", "La Paz", "Miami"} & set(names)


def test_web_boilerplate_is_never_a_mention(pipeline):
    names = resolved(pipeline, document_from_path(LAYOUTS / "scoop_extract.txt"))
    assert "VRAE" in names and "Pichari" in names
    assert not {"California", "San Francisco", "Kinshasa", "Congo"} & set(names)


def test_words_that_are_also_towns_are_not_places(pipeline):
    doc = document_from_text(
        "1. (C) Most police officers said the Mission in Lima met Minister Wagner. The weak Toledo Government fell. "
        "Evo Morales visited the NAS office."
    )
    names = resolved(pipeline, doc)
    assert set(names) == {"Lima"}


def test_typo_and_ambiguity_in_context(pipeline):
    doc = document_from_text("1. (C) Cocaleros dominate Pichali, Santa Rosa and Sivia districts in the VRAE.\n")
    names = resolved(pipeline, doc)
    assert names["Pichali"].name == "Pichari"
    santa_rosa = names["Santa Rosa"]
    assert km_between(santa_rosa.lat, santa_rosa.lon, -12.6866, -73.7353) < 20


def test_mention_spans_point_into_the_body(pipeline):
    doc = document_from_path(EXAMPLES / "04_llochegua_lab_2007.txt")
    mentions = pipeline.mentions(doc)
    assert mentions
    for m in mentions:
        assert doc.body[m.start : m.end] == m.text
    assert any(m.text == "Llohegua" and m.place.name == "Llochegua" for m in mentions)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1. (C) Police patrolled Northern Ayacucho.", "Ayacucho"), ("1. (C) Comrade Alipio (Quispe) fled.", None)],
)
def test_person_cues(pipeline, text, expected):
    names = resolved(pipeline, document_from_text(text))
    if expected:
        assert expected in names
    else:
        assert "Quispe" not in names


@pytest.mark.parametrize("path", [*sorted(EXAMPLES.glob("*.txt")), *sorted(LAYOUTS.iterdir())], ids=lambda p: p.name)
def test_pruned_words_would_have_been_rejected_in_any_context(pipeline, path):
    """Offline, one-word names that no context could make a place are not proposed as spans at all;
    every span dropped that way must fail the toponym checks whichever candidate context picked."""
    from geomap.mentions import spans_from_document

    resolver = pipeline.resolver
    doc = document_from_path(path)
    country = resolver.document_country(doc)
    rank = resolver.ranking(doc, country)
    every = list(spans_from_document(doc, resolver.known(country), pipeline.gazetteer.max_words))
    pruning = resolver.known(country, prune=True, news=rank.news)
    kept = {(s.start, s.end) for s in spans_from_document(doc, pruning, pipeline.gazetteer.max_words)}
    dropped = [s for s in every if (s.start, s.end) not in kept]
    for span in dropped:
        assert all(rank.rejects(span, c) for c in rank.contenders(span)), span
    assert kept <= {(s.start, s.end) for s in every}


def test_a_name_the_document_gives_a_person_is_a_person_throughout(pipeline):
    doc = document_from_text(
        "1. (C) President Uribe met the mayor of Florencia, Caqueta. Defense Minister Santos joined them.\n\n"
        "2. (C) Later Uribe flew to Bogota, and Santos stayed behind."
    )
    mentions = [(" ".join(m.text.split()), m.place) for m in pipeline.mentions(doc)]
    names = {name for name, _ in mentions}
    assert {"Florencia", "Bogota"} <= names
    assert not {"Uribe", "Santos"} & names


def test_plural_demonyms_are_not_their_country(pipeline):
    doc = document_from_text("1. (C) Many Colombians and Bolivians crossed into Peru near Tumbes.\n")
    names = resolved(pipeline, doc)
    assert "Peru" in names and not {"Colombians", "Bolivians"} & set(names)


def test_a_country_in_an_organisation_name_is_no_place(pipeline):
    doc = document_from_text("1. (C) The Revolutionary Armed Forces of Colombia attacked a post in Putumayo.\n")
    names = resolved(pipeline, doc)
    assert "Putumayo" in names and "Colombia" not in names


def test_a_place_that_names_a_cartel_is_no_place(pipeline):
    doc = document_from_text("1. (C) Police in Piura arrested two couriers of the Sinaloa cartel.\n")
    names = resolved(pipeline, doc)
    assert "Piura" in names and "Sinaloa" not in names


def test_a_region_abroad_in_a_country_the_cable_never_names_is_not_a_place(pipeline):
    tags = "TAGS: PGOV PE\nSUBJECT: ALBA HOUSES\n\n"
    names = resolved(pipeline, document_from_text(tags + "1. (C) Alba Houses staff joined the marches in Cusco.\n"))
    assert "Alba" not in names and names["Cusco"].country == "PE"
    named = resolved(pipeline, document_from_text(tags + "1. (C) A Romanian delegation from Alba, Romania, visited Lima.\n"))
    assert named["Alba"].country == "RO"


def test_a_town_reached_by_an_old_name_far_from_every_other_place_is_left_unresolved(pipeline):
    # GeoNames lists "La Loma" as an old name of Bellavista in Choco, 400 km from Cesar
    text = ("TAGS: ELAB CO\nSUBJECT: COAL\n\n1. (C) Miners struck at the La Loma pit near Valledupar, Cesar, "
            "and rail workers in Santa Marta joined them.\n")  # fmt: skip
    names = resolved(pipeline, document_from_text(text))
    assert names["La Loma"] is None and names["Valledupar"].country == "CO"


def _cable(text: str):
    from tests.geomap.test_parse import CABLE

    return document_from_text(CABLE.replace("{text}", text))


def test_the_capital_of_a_cable_is_its_country_capital(pipeline):
    doc = _cable("Thousands of teachers came to the capital to march. In the nation's capital, police watched.")
    capitals = [(m.text, m.place.name) for m in pipeline.mentions(doc) if m.text.lower().endswith("capital")]
    assert capitals == [("the capital", "Lima"), ("the nation's capital", "Lima")]


@pytest.mark.parametrize(
    "sentence",
    ["Farmers walked to the capital of Huanta province.",  # another capital, named after it
     "The firm raised the capital needed for the mine.",  # money
     "Rebels never reached the capital, Kinshasa, in those years."],  # the text names its own city
)  # fmt: skip
def test_the_capital_only_when_it_means_the_country_capital(pipeline, sentence):
    names = resolved(pipeline, _cable(sentence))
    assert "Lima" not in {p.name for p in names.values() if p is not None}


def test_the_capital_of_a_text_without_a_country_is_no_place(pipeline):
    doc = document_from_text("1. Thousands of teachers came to the capital to march.\n")
    assert not [m for m in pipeline.mentions(doc) if "capital" in m.text]


def test_a_news_story_spots_datelines_abbreviations_and_famous_cities_abroad(pipeline, tmp_path):
    """A story with no country of its own: the capitals dateline, "U.S." and "UK", and big cities
    of other countries than the one it is mostly about are all places (our own text)."""
    path = tmp_path / "story.txt"
    path.write_text("WASHINGTON - Envoys of the U.S. and the UK met on Tuesday.\n\n"
                    "The mayor of Edmonton flew to London and on to Toronto; a second group went to Moscow.\n",
                    encoding="utf-8")  # fmt: skip
    names = {text: (place.name, place.country) for text, place in resolved(pipeline, document_from_path(path)).items() if place}
    assert names["WASHINGTON"] == ("Washington", "US")
    assert names["U.S."] == ("United States", "US") and names["UK"] == ("United Kingdom", "GB")
    assert names["London"] == ("London", "GB") and names["Moscow"] == ("Moscow", "RU")
    assert names["Edmonton"][1] == names["Toronto"][1] == "CA"


def test_nationality_words_are_reported_as_demonyms_and_never_place_events(pipeline, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("OTTAWA - Canadian and Turkish envoys met in Ankara on Tuesday.\n", encoding="utf-8")
    doc = document_from_path(path)
    roles = {m.text: (m.role, m.place.name) for m in pipeline.mentions(doc, demonyms=True) if m.place}
    assert roles["Canadian"] == ("demonym", "Canada") and roles["Turkish"] == ("demonym", "Turkey")
    assert roles["Ankara"][0] == "toponym"
    assert not {"Canadian", "Turkish"} & {m.text for m in pipeline.mentions(doc)}  # what events are built from


def test_a_word_that_is_no_given_name_makes_no_surname_in_news(pipeline, tmp_path):
    """A sentence-opening "In", a broadcaster's call sign and a government speaking for its
    country make no person of the place after them (our own text)."""
    path = tmp_path / "story.txt"
    path.write_text("In Ontario, donors are few. The family told CTV Winnipeg on Sunday that the dog\n"
                    "flew home to Winnipeg. Russia said it would reply; the talks in Russia go on.\n",
                    encoding="utf-8")  # fmt: skip
    mentions = [(m.text, m.place) for m in pipeline.mentions(document_from_path(path)) if m.place]
    names = {text: (place.name, place.country) for text, place in mentions}
    assert names["Ontario"] == ("Ontario", "CA")
    assert names["Winnipeg"] == ("Winnipeg", "CA")
    assert sum(text == "Russia" for text, _ in mentions) == 2


@pytest.mark.parametrize(
    ("sentence", "name", "expected"),
    [
        ("Two men fought in North London on Friday.", "London", ("London", "GB")),
        ("A New Jersey woman fell ill.", "New Jersey", ("New Jersey", "US")),
        ("Cases rose in the Democratic Republic of the Congo.", "Democratic Republic of the Congo", ("Democratic Republic of the Congo", "CD")),
        ("The People's Republic of China said nothing.", "People's Republic of China", ("China", "CN")),
        ("Troops left the Democratic Republic of Congo.", "Democratic Republic of Congo", ("Democratic Republic of the Congo", "CD")),
        ("Cocoa prices fell in Côte d'Ivoire.", "Côte d'Ivoire", ("Ivory Coast", "CI")),
        ("He hoped to save Russia-Turkey ties.", "Turkey", ("Turkey", "TR")),
        ("A tsunami hit the Indonesian island of Java on Monday.", "Java", ("Java", "ID")),
        ("Aid reached the camps of Darfur.", "Darfur", ("Darfur", "SD")),
        ("Police issued a Canada-wide warrant.", "Canada", ("Canada", "CA")),
        ("The retailer copies a made-in-China approach.", "China", ("China", "CN")),
        ("Members of a Hong Kong-based group were held.", "Hong Kong", ("Hong Kong", "HK")),
    ],
)
def test_news_spots_names_inside_longer_runs_of_words(pipeline, sentence, name, expected):
    """A direction word before a name, an article opening a sentence, "the" and a possessive inside
    an official name, and a compound word (our own sentences)."""
    names = {text: (place.name, place.country) for text, place in resolved(pipeline, document_from_text(sentence + "\n")).items() if place}
    assert names.get(name) == expected


@pytest.mark.parametrize("sentence", ["Rain fell across the Eastern Mediterranean.", "Storms hit the North on Monday."])
def test_a_bare_direction_word_is_no_place_in_news(pipeline, sentence):
    names = resolved(pipeline, document_from_text(sentence + "\n"))
    assert not {"North", "Eastern"} & set(names)


@pytest.mark.parametrize(
    ("text", "name", "country", "admin1"),
    [
        ("LONDON, Ky. - Police arrested two men on Monday.", "LONDON", "US", "Kentucky"),
        ("The band played in London, Ontario, on Friday.", "London", "CA", "Ontario"),
        ("She was born in Paris, Texas, in 1950.", "Paris", "US", "Texas"),
    ],
)
def test_a_town_followed_by_its_state_or_province_is_the_one_there(pipeline, tmp_path, text, name, country, admin1):
    """"London, Ontario", "Paris, Texas" and a dateline "LONDON, Ky." name the unit to say which
    namesake (our own sentences)."""
    path = tmp_path / "story.txt"
    path.write_text(text + "\n", encoding="utf-8")
    place = resolved(pipeline, document_from_path(path))[name]
    assert (place.country, place.admin1) == (country, admin1)


def test_a_list_of_states_places_no_town_in_the_next(pipeline):
    place = resolved(pipeline, document_from_text("Cases rose in Washington, Pennsylvania and Ohio.\n"))["Washington"]
    assert place.admin1 != "Pennsylvania"


def test_a_common_word_opening_a_sentence_makes_no_surname(pipeline):
    doc = document_from_text("The report ranked the cities of Canada. Overall Edmonton received a B.\n")
    assert resolved(pipeline, doc)["Edmonton"].country == "CA"


@pytest.mark.parametrize(
    ("sentence", "name"),
    [("Farms in Georgia, Alabama and Florida were hit.", "Georgia"),
     ("Officials in Baltimore said cases rose in Kansas, California and Ohio.", "California")],
)
def test_a_name_listed_with_states_is_a_state(pipeline, sentence, name):
    """Not the country Georgia, nor the town of California near Baltimore (our own sentences)."""
    place = resolved(pipeline, document_from_text(sentence + "\n"))[name]
    assert (place.kind.value, place.country, place.name) == ("admin1", "US", name)


def test_a_place_after_of_before_a_speech_verb_is_no_speaker(pipeline):
    doc = document_from_text("Mark Jones, 54, a farmer of Lubbock said the wells were dry. Lubbock is in Texas.\n")
    assert [m.place.name for m in pipeline.mentions(doc) if m.text == "Lubbock" and m.place] == ["Lubbock", "Lubbock"]


def test_the_state_of_a_name_is_the_state(pipeline):
    doc = document_from_text("Most cases were in the state of Victoria, and fewer in Texas.\n")
    place = resolved(pipeline, doc)["Victoria"]
    assert (place.kind.value, place.country) == ("admin1", "AU")
