"""The country a document reports on, from its sending post and its TAGS.

Shared by the stages that bias by country (places, actors). The tables are
data (geomap/data/cable_countries.yaml): Cablegate TAGS use State Department
codes, several of which are another country's ISO code (BL is Bolivia, not
Saint Barthélemy; CH is China, not Switzerland).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

_POST = re.compile(r"^(?:Embassy|Consulate|Mission|Usmission|Amembassy|Amconsul)\s+(.+)$", re.I)


@cache
def _tables() -> tuple[dict[str, str], dict[str, str | None]]:
    data = yaml.safe_load(resources.files("geomap.data").joinpath("cable_countries.yaml").read_text(encoding="utf-8"))
    posts = {str(k).casefold(): str(v) for k, v in data["posts"].items()}
    tags = {str(k): (str(v) if v else None) for k, v in data["tags"].items()}
    return posts, tags


def country_from_post(origin: str | None) -> str | None:
    """ISO code of the country a post sits in ("Embassy La Paz" -> BO), or None.

    >>> country_from_post("Embassy La Paz"), country_from_post("Secretary of State")
    ('BO', None)
    """
    m = _POST.match((origin or "").strip())
    if not m:
        return None
    return _tables()[0].get(" ".join(m.group(1).replace("-", " ").split()).casefold())


def country_from_tags(tags: tuple[str, ...]) -> str | None:
    """ISO code of the first country among cable TAGS (State codes mapped: BL -> BO).

    >>> country_from_tags(("PTER", "EU", "BL"))
    'BO'
    """
    mapped = _tables()[1]
    for tag in tags:
        tag = tag.upper()
        if len(tag) == 2 and tag.isalpha():
            code = mapped.get(tag, tag)
            if code:
                return code
    return None


def tag_of_country(country: str) -> str | None:
    """The cable TAGS code that stands for ``country`` (ISO code), so that a document tagged
    with it reports on that country: the State code where it differs, else the ISO code
    itself; None when the ISO code is another country's tag and ``country`` has none.

    >>> tag_of_country("BO"), tag_of_country("PE"), tag_of_country("CH")
    ('BL', 'PE', 'SZ')
    """
    mapped = _tables()[1]
    country = country.upper()
    tag = next((tag for tag, code in mapped.items() if code == country), None)
    if tag is not None:
        return tag
    return None if country in mapped else country
