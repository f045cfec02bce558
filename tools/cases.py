"""Case files generated to a size, for the benchmarks (and the tests that load the same case).

Benchmarks and scripts import nothing from `tests/`; tests reach this through
`tests/factories.py`, the speed benchmark directly.
"""

from __future__ import annotations


def many_sources_text(count: int) -> str:
    """A case with `count` sources of varied weights (the first at 0), each with a claim on the
    linear question, every third with a second one, and each with one on the log question."""
    lines = [
        "title: Many sources",
        "questions:",
        "  - {id: share, text: A share, unit: '%', min: 0, max: 100}",
        f"  - {{id: count, text: A count, unit: people, min: 1, max: {max(100000, 40 * count)},"
        " scale: log}",
        "sources:",
    ]
    lines += [f"  - {{id: s{i}, name: Source {i}, weight: {(i * 37) % 101}}}" for i in range(count)]
    lines.append("claims:")
    for i in range(count):
        low = (i * 7) % 80
        readings = [f"{{range: [{low}, {low + 15}]}}"]
        if i % 3 == 0:
            readings.append(f"{{at_least: {low + 1}}}" if i % 2 else f"{{at_most: {low + 5}}}")
        lines += [
            f"  - {{source: s{i}, question: share, quote: q, reading: {reading}}}"
            for reading in readings
        ]
        lines.append(
            f"  - {{source: s{i}, question: count, quote: q, reading: {{range: [{i + 1}, "
            f"{(i + 1) * 40}]}}}}"
        )
    return "\n".join(lines) + "\n"
