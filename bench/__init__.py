"""Benchmark and fault drills for the production profile (`make bench`, `make bench-faults`).

An app only in `bench.settings` (production settings plus this app), never installed on a real
site: it adds the `seed_bench` command."""
