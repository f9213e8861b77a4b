"""geomap's gazetteer: names in reporting to coordinates and geometry.

Layers (most trusted first): the analyst's own places, our curated conflict
geography, Peru's administrative units, countries, GeoNames populated places.
"""

from gazetteer.core import Anchor, Gazetteer, km_between
from gazetteer.errors import GazetteerDataError, GazetteerError
from gazetteer.model import Candidate, Kind, Place

__all__ = [
    "Anchor",
    "Candidate",
    "Gazetteer",
    "GazetteerDataError",
    "GazetteerError",
    "Kind",
    "Place",
    "km_between",
]
