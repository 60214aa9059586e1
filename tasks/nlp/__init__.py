"""Chinese text understanding: script, segmentation, entities, places, dates, events, metrics."""
