"""Chinese text rules: segmentation, lexicon, entities, places, dates, metrics, topics, and
cooperation events (events, with event_patterns, event_parties and event_date_place)."""
