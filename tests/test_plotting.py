import sys

import numpy as np

import pytest

from gan_resample import GANOverSampler, benchmark, plotting
from gan_resample.benchmark import run_benchmark
from gan_resample.datasets import load_heart

from .conftest import FAST

matplotlib = pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def heart_rows():
    X, y = load_heart(return_X_y=True, patients_kept=0.3)
    sampler = GANOverSampler(**FAST, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    return X, y, sampler, X_res.iloc[len(X):]


def test_gan_resample_does_not_import_matplotlib():
    import subprocess

    code = "import gan_resample, gan_resample.benchmark, gan_resample.metrics, sys; " \
           "print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_plotting_does_not_import_the_benchmark():
    """One direction only: the benchmark draws with the package's figure helpers, and
    plotting never reaches into the benchmark (no import cycle)."""
    import ast
    from pathlib import Path

    import gan_resample

    package = Path(gan_resample.__file__).parent
    for module in ("plotting.py", "_quality/figures.py"):
        tree = ast.parse((package / module).read_text())
        imported = {node.module or "" for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom)}
        imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                     for alias in node.names}
        assert not any("benchmark" in name for name in imported), module


def test_history_plot(heart_rows, tmp_path):
    _, _, sampler, _ = heart_rows
    ax = plotting.plot_history(sampler)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:3] == ["d loss", "g loss", "quality signal"] and labels[3].startswith("kept")
    assert plotting.save(ax, tmp_path / "h.png").stat().st_size > 1000


def test_marginals_plot_has_a_panel_per_column(heart_rows, tmp_path):
    X, y, _, new = heart_rows
    figure = plotting.plot_marginals(X[y == 1], {"gan": new})
    titles = [ax.get_title() for ax in figure.axes if ax.get_visible()]
    assert titles == [f"'{c}'" for c in X.columns]
    assert plotting.save(figure, tmp_path / "m.png").stat().st_size > 1000


def test_marginals_plot_draws_every_sampler_on_binary_columns(heart_rows):
    X, y, _, new = heart_rows
    figure = plotting.plot_marginals(X[y == 1], {"gan": new}, columns=["sex", "fbs"])
    for ax in figure.axes[:2]:
        heights = [[bar.get_height() for bar in container] for container in ax.containers]
        assert len(heights) == 2  # real and gan
        assert all(sum(h) == pytest.approx(1.0) for h in heights), ax.get_title()


def test_projection_plot(heart_rows, tmp_path):
    X, y, _, new = heart_rows
    ax = plotting.plot_projection(X, y, {"gan": new}, klass=1)
    assert len(ax.collections) == 3
    assert plotting.save(ax, tmp_path / "p.png").stat().st_size > 1000


def test_benchmark_plots(tmp_path):
    results = run_benchmark(["heart-30"], ["none", "smote"], ["logreg"], n_folds=3, n_sampler_seeds=1, n_repeats=1)
    assert plotting.save(benchmark.plot_metric_bars(results), tmp_path / "b.png").stat().st_size > 1000
    ax = benchmark.plot_mean_ranks(results)
    assert [t.get_text() for t in ax.get_yticklabels()]
    assert plotting.save(ax, tmp_path / "r.png").stat().st_size > 1000


@pytest.fixture(scope="module")
def small_results():
    return run_benchmark(["heart-30"], ["none", "smote", "random"], ["logreg", "knn"],
                         n_folds=3, n_sampler_seeds=1, n_repeats=1)


def _point_colours(ax):
    from matplotlib.colors import to_hex

    colours = {line.get_label(): to_hex(line.get_color()) for line in ax.get_lines()
               if not line.get_label().startswith("_")}
    return {**colours, **{container.get_label(): to_hex(container.lines[0].get_color())
                          for container in ax.containers}}


def test_a_sampler_keeps_its_colour_in_every_figure(small_results, heart_rows):
    from matplotlib.colors import to_hex

    expected = {name: to_hex(c) for name, c in
                plotting.sampler_colours(["none", "smote", "random"]).items()}
    bars = benchmark.plot_metric_bars(small_results)
    assert _point_colours(bars) == expected
    against = benchmark.plot_against_reference(small_results)
    assert _point_colours(against) == {"smote (reference)": expected["smote"],
                                       "none": expected["none"], "random": expected["random"]}
    ranks = benchmark.plot_mean_ranks(small_results)
    ticks = sorted(zip(ranks.get_yticks(), (t.get_text() for t in ranks.get_yticklabels())))
    names = [name for _, name in ticks][::-1]  # the dots run from the top
    dots = ranks.collections[-1].get_facecolors()
    assert [to_hex(c) for c in dots] == [expected[n] for n in names]
    # the quality figures name the classes that ran: SMOTENC is smote's colour
    X, y, _, new = heart_rows
    ax = plotting.plot_projection(X, y, {"SMOTENC": new, "GANOverSampler": new}, klass=1)
    assert to_hex(ax.collections[2].get_facecolor()[0][:3]) == expected["smote"]
    gan = to_hex(plotting.sampler_colours(["gan"])["gan"])
    assert to_hex(ax.collections[3].get_facecolor()[0][:3]) == gan != expected["smote"]


def test_distinct_samplers_get_distinct_colours():
    labels = ["none", "smote", "gan", "gan:mode=conditional", "gan:n_steps=600", "random",
              "SVMSMOTE()", "KMeansSMOTE()", "threshold", "lee", "prowsyn"]
    colours = plotting.sampler_colours(labels)
    assert len(set(colours.values())) == len(labels)
    assert plotting.sampler_colours(["SVMSMOTE()"]) == {"SVMSMOTE()": colours["SVMSMOTE()"]}


def test_score_axes_show_the_whole_range_and_write_each_mean(small_results):
    # a zoomed axis made 0.01 look large (issue 31); the numbers keep it readable
    ax = benchmark.plot_metric_bars(small_results)
    assert tuple(map(float, ax.get_xlim())) == (0.0, 1.0)
    means = small_results.groupby(["dataset", "sampler"])["f1"].mean()
    written = sorted(text.get_text() for text in ax.texts)
    assert written == sorted(f"{mean:.3f}" for mean in means)


def test_against_reference_shows_the_verdicts_intervals(small_results):
    from gan_resample.benchmark import paired_comparison

    ax = benchmark.plot_against_reference(small_results)
    assert sorted(t.get_text() for t in ax.get_yticklabels()) == [
        "KNeighborsClassifier", "LogisticRegression"]  # the names the report's text uses
    expected = paired_comparison(small_results[small_results["classifier"] == "knn"],
                                 "none", "smote")
    (none,) = [c for c in ax.containers if c.get_label() == "none"]
    x = none.lines[0].get_xdata()
    assert x[0] == pytest.approx(expected["difference"])
    segments = none.lines[2][0].get_segments()
    assert segments[0][0][0] == pytest.approx(expected["ci_low"])
    assert segments[0][1][0] == pytest.approx(expected["ci_high"])
    assert "difference from smote\n(95 % interval over 3 folds)" in ax.get_xlabel()
    # the whole label fits the figure (it was clipped at "... over 15 folds")
    figure = ax.figure
    figure.canvas.draw()
    box = ax.xaxis.label.get_window_extent()
    assert box.x0 >= 0 and box.x1 <= figure.bbox.width


def test_a_sampler_that_failed_every_fold_draws_without_a_numpy_warning(small_results):
    import warnings

    failed = small_results.copy()
    gan = failed["sampler"] == "random"
    failed.loc[gan, "f1"] = np.nan
    failed.loc[gan, "error"] = "RuntimeError: it diverged"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # All-NaN slice was a raw RuntimeWarning
        ax = benchmark.plot_against_reference(failed)
    low, high = ax.get_xlim()
    assert np.isfinite([low, high]).all() and low < 0 < high


def test_multiclass_axes_say_macro_f1():
    results = run_benchmark(["balance"], ["none", "smote"], ["logreg"], n_folds=3,
                            n_sampler_seeds=1, n_repeats=1)
    for figure in (benchmark.plot_metric_bars, benchmark.plot_mean_ranks,
                   benchmark.plot_against_reference):
        label = figure(results).get_xlabel()
        assert "macro F1" in label and "minority" not in label, figure.__name__
