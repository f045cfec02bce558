"""Test cases for the charts module."""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from factories import many_sources_text

from dashboard import charts
from dashboard.case import Case, load_case_file
from dashboard.pooling import (
    METHODS,
    QuestionResult,
    claim_weights,
    evaluate,
    normalized,
    pooled,
)

DATA = Path(__file__).resolve().parent.parent / "data"

SMALL_CASE = """\
title: Small case
questions:
  - id: share
    text: A share
    unit: "%"
    min: 0
    max: 100
  - id: count
    text: A count
    unit: people
    min: 1
    max: 10000
    scale: log
sources:
  - id: alpha
    name: Alpha
    weight: 60
  - id: beta
    name: Beta
    weight: 30
  - id: gamma
    name: Gamma
    weight: 0
claims:
  - source: alpha
    question: share
    quote: Alpha says twenty to forty.
    reading: {range: [20, 40]}
  - source: beta
    question: share
    quote: Beta says at most ten.
    reading: {at_most: 10}
  - source: alpha
    question: share
    quote: Alpha also says about thirty.
    reading: {range: [25, 35]}
  - source: gamma
    question: share
    quote: Gamma says at least fifty.
    reading: {at_least: 50}
  - source: beta
    question: count
    quote: Beta counts hundreds.
    reading: {range: [100, 900]}
"""


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """60 sources (one at weight 0), 80 claims on the linear question."""
    path = tmp_path_factory.mktemp("many") / "many.yaml"
    path.write_text(many_sources_text(60), encoding="utf-8")
    return load_case_file(path)


@pytest.fixture(scope="module")
def refusals() -> Case:
    return load_case_file(DATA / "refusals.yaml")


@pytest.fixture(scope="module")
def refusals_results(refusals: Case) -> dict[str, QuestionResult]:
    return evaluate(refusals, {})


@pytest.fixture
def small(tmp_path: Path) -> Case:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL_CASE, encoding="utf-8")
    return load_case_file(path)


def values_of(spec: Any, key: str) -> Iterator[Any]:
    """Every value stored under `key` anywhere in a nested chart spec."""
    if isinstance(spec, dict):
        for name, value in spec.items():
            if name == key:
                yield value
            yield from values_of(value, key)
    elif isinstance(spec, list):
        for item in spec:
            yield from values_of(item, key)


def x_scales(spec: dict) -> list[dict]:
    return [
        encoding["x"]["scale"]
        for encoding in values_of(spec, "encoding")
        if isinstance(encoding.get("x"), dict) and "scale" in encoding["x"]
    ]


# --- forest ---------------------------------------------------------------------------------


def test_forest_has_a_row_per_claim_then_both_pooled_rows(refusals, refusals_results):
    """It lists every claim of the question, then the mixture and consensus rows last."""
    result = refusals_results["refusal_count"]
    data = charts.forest_data(refusals, result)
    claims = refusals.claims_on("refusal_count")
    assert len(data) == len(claims) + 2
    assert list(data["row_type"]) == ["claim"] * len(claims) + ["pooled", "pooled"]
    assert sorted(data.loc[data.row_type == "claim", "claim_id"]) == sorted(c.id for c in claims)
    assert list(data["row"].tail(2)) == [
        "Combined: mixture (linear)",
        "Combined: consensus (log)",
    ]
    pooled_median = data.loc[data.method == "log", "median"].item()
    assert pooled_median == result.pooled["log"].summary.median
    assert data["row"].is_unique


def test_forest_keeps_each_sources_claims_together_in_file_order(small):
    """A source's later claim moves up beside its first; otherwise the file's order holds."""
    data = charts.forest_data(small, evaluate(small, {})["share"])
    claims = data[data.row_type == "claim"]
    assert list(claims["claim_id"]) == ["alpha-1", "alpha-2", "beta-1", "gamma-1"]
    assert list(claims["row"]) == [
        "Alpha · alpha-1",
        "Alpha · alpha-2",
        "Beta · beta-1",
        "Gamma · gamma-1",
    ]


def test_forest_dot_sizes_follow_normalised_weights(small):
    """Dot area is proportional to the claim's share; a claim at weight 0 keeps a visible dot."""
    result = evaluate(small, {})["share"]
    data = charts.forest_data(small, result).set_index("claim_id")
    assert data.loc["alpha-1", "share"] == pytest.approx(1 / 3)
    assert data.loc["beta-1", "share"] == pytest.approx(1 / 3)
    for claim_id in ("alpha-1", "alpha-2", "beta-1"):
        assert data.loc[claim_id, "size"] == pytest.approx(
            charts.POINT_AREA_FULL * data.loc[claim_id, "share"]
        )
        assert data.loc[claim_id, "weighted"]
    assert data.loc["gamma-1", "share"] == 0
    assert not data.loc["gamma-1", "weighted"]
    assert data.loc["gamma-1", "size"] == charts.POINT_AREA_MIN > 0

    heavier = charts.forest_data(small, evaluate(small, {"beta": 90})["share"])
    heavier = heavier.set_index("claim_id")
    assert heavier.loc["beta-1", "size"] > data.loc["beta-1", "size"]


def test_forest_leaves_out_pooled_rows_when_nothing_has_weight(small):
    """With every source at 0 the claims still show, the combined rows are simply absent."""
    result = evaluate(small, {"alpha": 0, "beta": 0})["share"]
    data = charts.forest_data(small, result)
    assert list(data["row_type"]) == ["claim"] * 4
    assert not data["weighted"].any()
    charts.forest_chart(small, result).to_dict()


def test_forest_tooltip_quotes_are_cut_to_about_200_characters(small, tmp_path):
    """A long quote is shortened at a word, with an ellipsis, and its spacing collapsed."""
    long_quote = " ".join(["word"] * 100)
    text = SMALL_CASE.replace("Alpha says twenty to forty.", long_quote)
    path = tmp_path / "long.yaml"
    path.write_text(text, encoding="utf-8")
    case = load_case_file(path)
    data = charts.forest_data(case, evaluate(case, {})["share"]).set_index("claim_id")
    quote = data.loc["alpha-1", "quote"]
    assert len(quote) <= charts.QUOTE_LIMIT
    assert quote.endswith("word…")
    assert charts.truncate("a  short\n quote") == "a short quote"


@pytest.mark.parametrize("question_id", ["refusal_count", "refusal_share"])
def test_x_axis_uses_the_questions_scale_and_domain(refusals, bundled_specs, question_id):
    """A log question gets a log x scale over its own domain; a linear one a linear scale."""
    question = refusals.question(question_id)
    expected = "log" if question.scale == "log" else "linear"
    for name in (
        f"forest {question_id}",
        f"density {question_id} linear",
        f"density {question_id} log",
    ):
        spec = bundled_specs[name]
        scales = x_scales(spec)
        assert scales, f"{name} declares its x scale"
        assert all(scale["type"] == expected for scale in scales), name
        assert all(scale["domain"] == [question.min, question.max] for scale in scales), name
        titles = [axis.get("title") for axis in values_of(spec, "axis") if isinstance(axis, dict)]
        assert question.unit in titles, name


# --- pooled density -------------------------------------------------------------------------


def test_mixture_contributions_add_up_to_the_pooled_density(refusals, refusals_results):
    """The stacked bands of the mixture sum to the pooled density, whose mass is 1."""
    result = refusals_results["refusal_count"]
    data = charts.pooled_density_data(refusals, result, "linear")
    pooled = data[data.layer == "pooled"]
    bands = data[data.layer == "contribution"]
    assert set(data["layer"]) == {"pooled", "contribution"}
    stacked = bands.groupby("t", sort=True)["density"].sum().to_numpy()
    assert np.allclose(stacked, pooled.sort_values("t")["density"].to_numpy())
    assert pooled["mass"].sum() == pytest.approx(1.0)
    assert (pooled["density"] * pooled["width_t"]).sum() == pytest.approx(1.0)
    assert bands.groupby("source_id")["mass"].sum().sum() == pytest.approx(1.0)
    assert bands.groupby("source_id")["share"].first().sum() == pytest.approx(1.0)


def test_pooled_density_is_downsampled_to_about_400_points(refusals, refusals_results):
    """The 2000-cell grid reaches the chart as about 400 blocks, in the question's units."""
    result = refusals_results["refusal_count"]
    data = charts.pooled_density_data(refusals, result, "linear")
    pooled = data[data.layer == "pooled"]
    assert 350 <= len(pooled) <= 450
    question = refusals.question("refusal_count")
    assert pooled["x"].between(question.min, question.max).all()
    assert np.allclose(pooled["x"], np.exp(pooled["t"]))


def test_consensus_shows_each_weighted_sources_own_distribution(small):
    """For the log pool each weighted source gets its own line of total mass 1; a source at
    weight 0, which the product ignores, gets none."""
    result = evaluate(small, {})["share"]
    data = charts.pooled_density_data(small, result, "log")
    lines = data[data.layer == "source"]
    assert list(dict.fromkeys(lines["source_id"])) == ["alpha", "beta"]
    assert np.allclose(lines.groupby("source_id")["mass"].sum(), 1.0)
    pooled = data[data.layer == "pooled"]
    assert pooled["mass"].sum() == pytest.approx(1.0)


def test_density_chart_data_carries_every_source_at_every_x(refusals, refusals_results):
    """The chart's compact table has one row per x, a column per source and the pooled
    density, each rounded only to a few significant digits."""
    data = charts.pooled_density_data(refusals, refusals_results["refusal_count"], "log")
    wide, keys = charts.density_chart_data(data)
    pooled = data[data.layer == "pooled"]
    assert len(wide) == len(pooled)
    assert list(keys["source"]) == list(dict.fromkeys(data.loc[data.layer == "source", "source"]))
    assert list(wide.columns) == ["x", "pooled", *keys["key"]]
    assert np.allclose(wide["pooled"], pooled["density"], rtol=1e-3, atol=0)
    assert np.isfinite(wide.to_numpy()).all()
    tiny = charts.density_chart_data(data.assign(density=data["density"] * 1e-310))[0]
    assert np.isfinite(tiny.to_numpy()).all()


def test_density_chart_says_no_weighted_claims_without_weight(small):
    """With nothing weighted there is no pooled data, and the chart says so in words."""
    result = evaluate(small, {"alpha": 0, "beta": 0})["share"]
    for method in METHODS:
        assert charts.pooled_density_data(small, result, method).empty
        spec = charts.pooled_density_chart(small, result, method).to_dict()
        assert spec["mark"]["type"] == "text"
        assert "no weighted claims" in json.dumps(spec).lower()


def test_density_chart_marks_the_pooled_quantiles(small):
    """Rules stand at the pooled 5th percentile, median and 95th percentile."""
    result = evaluate(small, {})["share"]
    markers = charts.pooled_markers_data(result, "linear")
    summary = result.pooled["linear"].summary
    assert list(markers["value"]) == [summary.p05, summary.median, summary.p95]


# --- influence ------------------------------------------------------------------------------


def test_influence_shares_sum_to_one_and_a_silenced_source_moves_nothing(small):
    """Shares of weight add up to 1; a source at weight 0 has share 0 and shifts nothing."""
    case_result = evaluate(small, {})["share"]
    weights = small.default_weights()
    data = charts.influence_data(small, case_result.distributions, weights, "linear")
    assert set(data["source_id"]) == {"alpha", "beta", "gamma"}
    assert data["share"].sum() == pytest.approx(1.0)
    gamma = data.set_index("source_id").loc["gamma"]
    assert gamma["share"] == 0
    assert gamma["shift"] == 0
    assert gamma["estimate_without"]


@pytest.mark.parametrize("method", METHODS)
def test_leave_one_out_shift_matches_recomputing_the_pool(refusals, refusals_results, method):
    """Each source's shift is the median pooled with that source at 0 minus the median now."""
    weights = refusals.default_weights()
    distributions = refusals_results["refusal_count"].distributions
    data = charts.influence_data(refusals, distributions, weights, method)
    baseline = refusals_results["refusal_count"].pooled[method].summary.median
    assert data["median"].eq(baseline).all()
    for row in data.itertuples():
        dropped = evaluate(refusals, {**weights, row.source_id: 0})["refusal_count"]
        expected = dropped.pooled[method].summary.median - baseline
        assert row.shift == pytest.approx(expected)


def test_influence_lists_the_most_influential_source_first(refusals, refusals_results):
    """Rows run by absolute shift of the median, largest first."""
    distributions = refusals_results["refusal_count"].distributions
    data = charts.influence_data(refusals, distributions, refusals.default_weights(), "linear")
    assert list(data["abs_shift"]) == sorted(data["abs_shift"], reverse=True)
    assert data["abs_shift"].iloc[0] > 0


def test_influence_of_a_source_whose_loss_leaves_no_estimate(small):
    """Dropping the only weighted source leaves no estimate: no number, and it ranks first."""
    result = evaluate(small, {})["count"]
    data = charts.influence_data(small, result.distributions, small.default_weights(), "log")
    assert list(data["source_id"]) == ["beta"]
    row = data.iloc[0]
    assert row["share"] == pytest.approx(1.0)
    assert not row["estimate_without"]
    assert math.isnan(row["shift"])
    spec = charts.influence_chart(small, result.distributions, small.default_weights(), "log")
    assert "no estimate without it" in json.dumps(spec.to_dict())


def test_influence_without_any_weight_has_no_shifts(small):
    """With every source at 0 the shares are 0, the shifts undefined, and the chart says so."""
    weights = {"alpha": 0.0, "beta": 0.0, "gamma": 0.0}
    distributions = evaluate(small, weights)["share"].distributions
    data = charts.influence_data(small, distributions, weights, "linear")
    assert (data["share"] == 0).all()
    assert data["shift"].isna().all()
    spec = charts.influence_chart(small, distributions, weights, "linear").to_dict()
    assert "no weighted claims" in json.dumps(spec).lower()


# --- every chart ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_specs(refusals, refusals_results) -> dict[str, dict]:
    """Every chart of the bundled case at its default weights, as validated Vega-Lite."""
    weights = refusals.default_weights()
    specs = {}
    for question_id, result in refusals_results.items():
        specs[f"forest {question_id}"] = charts.forest_chart(refusals, result).to_dict()
        for method in METHODS:
            density = charts.pooled_density_chart(refusals, result, method)
            influence = charts.influence_chart(refusals, result.distributions, weights, method)
            specs[f"density {question_id} {method}"] = density.to_dict()
            specs[f"influence {question_id} {method}"] = influence.to_dict()
    return specs


def test_every_chart_is_valid_vega_lite_with_tooltips(bundled_specs):
    """Each chart of the bundled case validates against the Vega-Lite schema (in `to_dict`),
    has tooltips, stays small, and (but for the side-by-side influence panels) fills its
    container's width."""
    assert len(bundled_specs) == 10
    for name, spec in bundled_specs.items():
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/"), name
        assert list(values_of(spec, "tooltip")), name
        if not name.startswith("influence"):
            assert spec["width"] == "container", name
        assert len(json.dumps(spec)) < 150_000, name


def test_charts_compile_to_vega(bundled_specs):
    """The Vega-Lite compiler accepts each kind of chart (when vl-convert is installed)."""
    import vl_convert

    for name in (
        "forest refusal_count",
        "density refusal_count linear",
        "influence refusal_count log",
    ):
        vega = vl_convert.vegalite_to_vega(bundled_specs[name])
        assert vega["marks"], name


def test_sources_keep_their_colour_across_charts(refusals, bundled_specs):
    """One colour scale, over every source in case order, is used by every chart."""
    scale = charts.source_color_scale(refusals).to_dict()
    assert scale["domain"] == [source.name for source in refusals.sources]
    assert len(set(scale["range"])) == len(refusals.sources)
    for name, spec in bundled_specs.items():
        colour_scales = [
            encoding["color"]["scale"]
            for encoding in values_of(spec, "encoding")
            if isinstance(encoding.get("color"), dict) and "scale" in encoding["color"]
        ]
        assert colour_scales, name
        assert all(found == scale for found in colour_scales), name


def test_sources_sharing_a_name_get_distinct_labels(tmp_path):
    """Two sources with the same name are told apart by their ids."""
    text = SMALL_CASE.replace("name: Beta", "name: Alpha")
    path = tmp_path / "twins.yaml"
    path.write_text(text, encoding="utf-8")
    labels = charts.source_labels(load_case_file(path))
    assert labels == {"alpha": "Alpha (alpha)", "beta": "Alpha (beta)", "gamma": "Gamma"}


# --- many sources: fewer rows drawn, the same numbers ---------------------------------------


def test_many_sources_case_is_what_the_tests_below_expect(many):
    """The fixture has more claims, weighted sources and sources than any chart draws apart."""
    claims = many.claims_on("share")
    assert len(claims) == 80 > charts.FOREST_CLAIMS_SHOWN + 1
    weights = many.default_weights()
    assert sum(weight == 0 for weight in weights.values()) == 1
    assert sum(weight > 0 for weight in weights.values()) > charts.INFLUENCE_SOURCES_SHOWN + 1


@pytest.mark.parametrize("question_id", ["share", "count"])
@pytest.mark.parametrize("method", METHODS)
def test_leave_one_out_of_every_source_equals_pooling_without_it(many, question_id, method):
    """The leave-one-out medians, found for all sources at once, are those of `pooled` with
    that one source at weight 0; a source at weight 0 shifts nothing at all."""
    weights = many.default_weights()
    distributions = evaluate(many, weights)[question_id].distributions
    data = charts.influence_data(many, distributions, weights, method).set_index("source_id")
    assert len(data) == len(many.sources)
    for source_id, row in data.iterrows():
        shares = normalized(claim_weights(distributions.claims, {**weights, source_id: 0.0}))
        without = pooled(distributions, shares, method)
        assert row["estimate_without"]
        assert row["median_without"] == pytest.approx(without.summary.median, rel=1e-9)
        if weights[source_id] == 0:
            assert row["shift"] == 0
            assert row["median_without"] == row["median"]


def test_mixture_lumps_the_smallest_sources_into_one_band_that_keeps_the_sum(many):
    """Beyond the 12 sources with the largest shares, the rest form one band, "Other
    sources (N)": its share is theirs summed, and all bands still add up to the pooled density."""
    result = evaluate(many, {})["share"]
    data = charts.pooled_density_data(many, result, "linear")
    bands = data[data.layer == "contribution"]
    pooled_rows = data[data.layer == "pooled"]
    shares = bands.groupby("source_id", sort=False)["share"].first()
    assert len(shares) == charts.DENSITY_SOURCES_SHOWN + 1
    assert shares.index[-1] == charts.OTHER_SOURCES_ID
    weighted = [s.id for s in many.sources if s.weight > 0]
    lumped = len(weighted) - charts.DENSITY_SOURCES_SHOWN
    other = bands[bands.source_id == charts.OTHER_SOURCES_ID]
    assert set(other["source"]) == {charts.other_sources_label(lumped)} == {"Other sources (47)"}
    assert shares.sum() == pytest.approx(1.0)
    assert shares.drop(charts.OTHER_SOURCES_ID).min() >= other["share"].iloc[0] / lumped
    stacked = bands.groupby("t", sort=True)["density"].sum().to_numpy()
    assert np.allclose(stacked, pooled_rows.sort_values("t")["density"].to_numpy(), rtol=1e-12)

    influence = charts.influence_data(many, result.distributions, many.default_weights(), "linear")
    largest = influence.sort_values("share", ascending=False, kind="stable")["source_id"]
    kept = set(shares.index[:-1])
    assert kept == set(largest.head(charts.DENSITY_SOURCES_SHOWN))
    assert other["share"].iloc[0] == pytest.approx(
        influence.set_index("source_id").drop(index=list(kept))["share"].sum()
    )


def test_consensus_lumps_the_smallest_sources_into_one_distribution(many):
    """For the log pool the lumped sources make one line too, a distribution of mass 1."""
    data = charts.pooled_density_data(many, evaluate(many, {})["share"], "log")
    lines = data[data.layer == "source"]
    masses = lines.groupby("source_id", sort=False)["mass"].sum()
    assert len(masses) == charts.DENSITY_SOURCES_SHOWN + 1
    assert masses.index[-1] == charts.OTHER_SOURCES_ID
    assert np.allclose(masses, 1.0)


def test_density_chart_of_many_sources_names_the_lumped_band_in_grey(many):
    """The legend lists the 12 sources drawn apart and the lumped band, grey; each source keeps
    its own colour; building the chart raises no warning (no fragmented DataFrame)."""
    result = evaluate(many, {})["share"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        spec = charts.pooled_density_chart(many, result, "linear").to_dict()
    legends = [v for v in values_of(spec, "legend") if isinstance(v, dict)]
    assert len(legends) == 1
    values = legends[0]["values"]
    assert len(values) == charts.DENSITY_SOURCES_SHOWN + 1
    assert values[-1] == "Other sources (47)"
    (scale,) = {
        json.dumps(encoding["color"]["scale"])
        for encoding in values_of(spec, "encoding")
        if isinstance(encoding.get("color"), dict) and "scale" in encoding["color"]
    }
    mapping = dict(zip(*json.loads(scale).values(), strict=True))
    assert mapping["Other sources (47)"] == charts.OTHER_SOURCES_COLOR
    colors = charts.source_colors(many)
    labels = charts.source_labels(many)
    for source in many.sources:
        if labels[source.id] in values:
            assert mapping[labels[source.id]] == colors[source.id]
    assert "Grey: other sources (47)" in json.dumps(spec["title"])


def test_forest_of_many_claims_shows_the_heaviest_and_says_how_many_are_hidden(many):
    """Of 80 claims the forest draws the 40 with the largest shares (in their usual order)
    and both pooled rows, and its subtitle says that 40 are not shown."""
    result = evaluate(many, {})["share"]
    everything = charts.forest_data(many, result)
    shown = charts.forest_rows_shown(everything)
    claims = shown[shown.row_type == "claim"]
    hidden = everything[~everything.row.isin(shown.row)]
    assert len(claims) == charts.FOREST_CLAIMS_SHOWN
    assert len(hidden) == 40
    assert list(shown["row_type"].tail(2)) == ["pooled", "pooled"]
    assert claims["share"].min() >= hidden["share"].max()
    assert list(claims.index) == sorted(claims.index)

    spec = charts.forest_chart(many, result).to_dict()
    subtitle = spec["title"]["subtitle"]
    assert subtitle[-1].startswith("Shown: the 40 claims with the largest shares of weight; 40")
    assert [len(rows) for rows in spec["datasets"].values()] == [42]
    small = charts.forest_chart(many, result, limit=100).to_dict()
    assert "not shown" not in json.dumps(small["title"])


def test_forest_of_few_claims_says_nothing_about_hidden_rows(refusals, bundled_specs):
    for name, spec in bundled_specs.items():
        assert "not shown" not in json.dumps(spec.get("title", "")), name


def test_influence_chart_of_many_sources_shows_the_most_influential(many):
    """The influence chart draws the 25 sources that move the median most, in that order,
    and says how many others there are; a precomputed `influence_data` gives the same chart."""
    weights = many.default_weights()
    distributions = evaluate(many, weights)["share"].distributions
    data = charts.influence_data(many, distributions, weights, "log")
    spec = charts.influence_chart(many, distributions, weights, "log").to_dict()
    (rows,) = [rows for rows in spec["datasets"].values() if "source_id" in rows[0]]
    assert [row["source_id"] for row in rows] == list(data["source_id"].head(25))
    assert spec["title"]["subtitle"][-1] == (
        "Shown: the 25 most influential sources; 35 others are not shown."
    )
    again = charts.influence_chart(many, distributions, weights, "log", data=data).to_dict()
    assert again == spec


def test_colour_scale_of_many_sources_lists_only_those_drawn(many):
    """With more sources than colours, each chart's scale lists only the sources it draws,
    each with the colour it has everywhere; the legend-free forest needs no more."""
    result = evaluate(many, {})["share"]
    spec = charts.forest_chart(many, result).to_dict()
    colors = charts.source_colors(many)
    labels = charts.source_labels(many)
    by_label = {labels[source_id]: color for source_id, color in colors.items()}
    (rows,) = spec["datasets"].values()
    drawn = {row["source"] for row in rows if row["row_type"] == "claim"}
    scales = [
        encoding["color"]["scale"]
        for encoding in values_of(spec, "encoding")
        if isinstance(encoding.get("color"), dict) and "scale" in encoding["color"]
    ]
    assert scales
    for scale in scales:
        assert set(scale["domain"]) == drawn
        assert scale["range"] == [by_label[label] for label in scale["domain"]]


def test_density_chart_data_of_hundreds_of_sources_warns_of_nothing(many):
    """Reshaping hundreds of sources (all kept apart) builds one table, without pandas's
    warning of a fragmented DataFrame."""
    data = charts.pooled_density_data(many, evaluate(many, {})["share"], "linear", limit=1000)
    bands = data[data.layer == "contribution"]
    copies = [bands.assign(source=bands["source"] + f" #{copy}") for copy in range(3)]
    data = pd.concat([data[data.layer == "pooled"], *copies], ignore_index=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        wide, keys = charts.density_chart_data(data)
    assert len(keys) == 3 * 59 > 100
    assert list(wide.columns) == ["x", "pooled", *keys["key"]]
