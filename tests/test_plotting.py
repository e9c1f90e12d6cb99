import sys

import pytest

from gan_resample import GANOverSampler, plotting
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


def test_projection_plot(heart_rows, tmp_path):
    X, y, _, new = heart_rows
    ax = plotting.plot_projection(X, y, {"gan": new}, klass=1)
    assert len(ax.collections) == 3
    assert plotting.save(ax, tmp_path / "p.png").stat().st_size > 1000


def test_benchmark_plots(tmp_path):
    results = run_benchmark(["heart-30"], ["none", "smote"], ["logreg"], n_folds=3, n_sampler_seeds=1)
    assert plotting.save(plotting.plot_metric_bars(results), tmp_path / "b.png").stat().st_size > 1000
    ax = plotting.plot_mean_ranks(results)
    assert [t.get_text() for t in ax.get_yticklabels()]
    assert plotting.save(ax, tmp_path / "r.png").stat().st_size > 1000
