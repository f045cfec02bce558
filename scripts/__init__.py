"""Scripts run from the repository root as modules (`python -m scripts.screenshots`): the
screenshots, the fuzzer, the load and store-concurrency tests. Their shared helpers live in
`tools/`."""
