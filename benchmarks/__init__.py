"""Benchmarks run from the repository root as modules (`python -m benchmarks.speed`); what
each measures is in benchmarks/README.md. Their shared helpers live in `tools/`."""
