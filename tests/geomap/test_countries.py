"""Which country a document reports on: the sending post first, then the TAGS (State codes mapped)."""

import pytest

from geomap.countries import country_from_post, country_from_tags
from geomap.documents import document_from_text


@pytest.mark.parametrize(
    ("origin", "code"),
    [("Embassy Lima", "PE"), ("Embassy La Paz", "BO"), ("Consulate Guayaquil", "EC"),
     ("Embassy Port-au-Prince", "HT"), ("Secretary of State", None), (None, None), ("Embassy Atlantis", None)],
)
def test_post_country(origin, code):
    assert country_from_post(origin) == code


@pytest.mark.parametrize(
    ("tags", "code"),
    [(("PTER", "PE"), "PE"), (("SNAR", "BL"), "BO"), (("PREL", "EU", "CH"), "CN"), (("PGOV",), None), (("EU",), None)],
)
def test_state_department_tags_are_mapped_to_iso(tags, code):
    assert country_from_tags(tags) == code


def test_the_post_outranks_a_neighbour_tagged_first():
    cable = (
        "VZCZC\nP 011200Z MAR 09\nFM AMEMBASSY BOGOTA\nTO SECSTATE WASHDC\n"
        "C O N F I D E N T I A L BOGOTA 000123\n\nTAGS: PTER EC CO\nSUBJECT: BORDER TALKS\n\n1. (C) Text.\n"
    )
    doc = document_from_text(cable)
    assert doc.origin == "Embassy Bogota"
    assert doc.country == "CO"
