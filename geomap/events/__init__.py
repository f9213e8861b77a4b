"""Stage 4, events: incidents reported in a document, in the ACLED-style schema.

``extract`` turns sentences into events; ``merge`` folds reports of one
incident (within a document and across documents that cite each other)
into one event with several sources.
"""

from geomap.events.extract import event_id, events_from_document
from geomap.events.merge import fold_summaries, merge_events, same_incident
from geomap.events.rules import Rules, load_rules

__all__ = ["Rules", "event_id", "events_from_document", "fold_summaries", "load_rules", "merge_events", "same_incident"]
