"""Benchmarks: speed against plain Pelican, quality against simple baselines.

Run with ``invoke bench`` (``python -m bench.run``); see README, "Benchmarks".
"""
