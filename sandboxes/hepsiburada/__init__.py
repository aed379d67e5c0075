"""A local Hepsiburada marketplace (catalog, listing, OMS, SIT stub) for tests, `make run` and bench/."""
