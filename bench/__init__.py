"""Benchmarks: each module starts what it needs, measures, and prints its figures next to a
baseline measured in the same run (`python -m bench.<module>`)."""
