"""The gazetteer's exception tree; each class also inherits the matching builtin."""


class GazetteerError(Exception):
    """Base of every error the gazetteer raises."""


class GazetteerDataError(GazetteerError, ValueError):
    """A data file (curated, user overrides, GeoNames dump) is malformed."""


class OnlineLookupError(GazetteerError, ConnectionError):
    """An online gazetteer service failed (timeout, refusal, bad answer); offline results stand."""
