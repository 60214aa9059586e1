"""Chinese text rules: segmentation, lexicon, entities, places, dates, metrics, events, topics."""
