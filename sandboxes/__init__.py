"""Fake remote APIs for tests, benchmarks and the demo; production code never imports these."""
