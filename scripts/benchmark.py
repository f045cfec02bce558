"""Print timings of the engine and the page's work, for cases from small to huge.

    .venv/bin/python scripts/benchmark.py

Figures are medians of several runs on this machine; compare ratios within one
run rather than absolute seconds across machines.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard import charts  # noqa: E402
from dashboard.case import Case, load_case_bytes  # noqa: E402
from dashboard.export import csv_bytes  # noqa: E402
from dashboard.pooling import QuestionResult, evaluate, question_distributions  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from factories import many_sources_text  # noqa: E402


def timed(action: Callable[[], object], repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    inputs = [("bundled refusal case", (ROOT / "data" / "refusals.yaml").read_bytes())]
    for sources in (200, 1000):
        data = many_sources_text(sources).encode()
        claims = len(load_case_bytes(data, "case.yaml").claims)
        inputs.append((f"{sources} sources, {claims} claims", data))
    print(f"{'case':32} {'load':>8} {'claims':>8} {'pool':>8} {'csv':>8} {'charts':>8}")
    for name, data in inputs:
        case = load_case_bytes(data, "case.yaml")
        cache = {q.id: question_distributions(case, q.id) for q in case.questions}
        result = evaluate(case, case.default_weights(), cache)[case.questions[0].id]

        def draw(case: Case = case, result: QuestionResult = result) -> None:
            charts.forest_chart(case, result).to_dict()
            charts.pooled_density_chart(case, result, "linear").to_dict()
            charts.influence_chart(
                case, result.distributions, case.default_weights(), "linear"
            ).to_dict()

        figures = [
            timed(lambda data=data: load_case_bytes(data, "case.yaml"), 3),
            timed(lambda case=case: [question_distributions(case, q.id) for q in case.questions]),
            timed(lambda case=case, cache=cache: evaluate(case, case.default_weights(), cache)),
            timed(lambda case=case, cache=cache: csv_bytes(case, case.default_weights(), cache)),
            timed(draw, 3),
        ]
        print(f"{name:32} " + " ".join(f"{figure:8.3f}" for figure in figures))
    print("seconds, median of runs: load = parse and validate the YAML; claims = every claim's")
    print("distribution (once per case); pool = both pools of every question under new")
    print("weights (once per slider move); csv = the export; charts = the three charts built.")


if __name__ == "__main__":
    main()
