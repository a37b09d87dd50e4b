"""Benchmarks that print figures; a package so tests can reuse a corpus (bench.privacy_guard)."""
