"""Enrichment stages: sentences, summaries, entities."""
