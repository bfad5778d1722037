"""Enrichment stages: summaries, people and places, related stories, reposts."""
