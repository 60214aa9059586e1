"""The work of the pipeline, one package per stage, plain functions each wrapped by a thin @task.

Stages, lowest first; a package imports only `schemas`, `warehouse` and the packages before it:

    web      HTTP client: GET, retry policy, redirects, robots.txt, URL guard, per-host politeness
    sources  inputs: local files, WARC archives, URL lists, sitemaps and feeds, crawling listings
    decode   bytes → text: charset, misaligned-GBK repair, script and Simplified text
    extract  text → Article: input formats, HTML pages and their metadata, dates, securities
    enrich   Article → entities, people, places, events, metrics, terms, topics (rules in nlp/)
    stories  Article body → MinHash signature and LSH band keys (near-duplicate copies)
    load     spool rows and files, the merge into the warehouse, the run report
    batch    one task run per batch: takes inputs through the stages and writes the spool
    report   the warehouse → one self-contained HTML page of charts (`edunews report`)
"""
