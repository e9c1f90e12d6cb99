"""Quality-driven training: the signal, the kept snapshot, early stopping, progress."""

import re

import numpy as np
import pytest
import torch

from gan_resample import GANOverSampler
from gan_resample._gan.quality_signal import QualitySignal

from .conftest import FAST


class _Fixed(torch.nn.Module):
    """A stand-in generator that returns given rows."""

    def __init__(self, rows):
        super().__init__()
        self.rows = rows

    def draw(self, n_rows, *, rng, code=None, logit_bias=None, block=None):
        index = torch.randint(0, len(self.rows), (n_rows,), generator=rng)
        return self.rows[index]


def test_quality_signal_is_zero_for_the_data_itself_and_grows_with_distortion():
    rng = np.random.RandomState(0)
    numeric = rng.normal(size=(400, 2))
    categories = np.eye(3)[rng.choice(3, 400, p=[0.6, 0.3, 0.1])]
    data = torch.tensor(np.hstack([numeric, categories]), dtype=torch.float32)
    signal = QualitySignal(data, None, 0, [(2, 5)], torch.tensor([0, 1]), seed=0)
    exact = signal(_Fixed(data))
    shifted = data.clone()
    shifted[:, 0] += 1.0
    flipped = data.clone()
    flipped[:, 2:5] = torch.eye(3)[2]
    assert exact < 0.2  # the noise floor of 256 draws with replacement
    assert signal(_Fixed(shifted)) > exact + 0.3  # (clipped to the real range)
    assert signal(_Fixed(flipped)) > exact + 0.3


def test_history_records_checks_and_the_kept_step(binary_data):
    X, y = binary_data
    sampler = GANOverSampler(**{**FAST, "n_steps": 60}, eval_every=10, keep="best",
                             random_state=0).fit(X, y)
    history = sampler.history_[1]
    np.testing.assert_array_equal(history["check_step"], [10, 20, 30, 40, 50, 60])
    assert len(history["quality"]) == 6 and np.isfinite(history["quality"]).all()
    best = history["check_step"][np.argmin(history["quality"])]
    assert history["kept_step"] == best


def test_keep_last_is_the_default_and_keeps_the_final_generator(binary_data):
    X, y = binary_data
    last = GANOverSampler(**{**FAST, "n_steps": 60}, eval_every=10, random_state=0)
    last.fit(X, y)
    assert last.history_[1]["kept_step"] == 60
    best = GANOverSampler(**{**FAST, "n_steps": 60}, eval_every=10, keep="best",
                          random_state=0).fit(X, y)
    if best.history_[1]["kept_step"] != 60:
        assert not np.array_equal(best.sample(20, klass=1), last.sample(20, klass=1))


def test_early_stopping_ends_training_after_stalled_checks(binary_data, monkeypatch):
    from gan_resample._gan import quality_signal as _quality_signal

    scores = iter([0.5, 0.4, 0.45, 0.46, 0.47, 0.3, 0.2])
    monkeypatch.setattr(_quality_signal.QualitySignal, "__call__", lambda self, g: next(scores))
    X, y = binary_data
    sampler = GANOverSampler(**{**FAST, "n_steps": 70}, eval_every=10, n_iter_no_change=3,
                             keep="best", random_state=0).fit(X, y)
    history = sampler.history_[1]
    assert list(history["check_step"]) == [10, 20, 30, 40, 50]
    assert history["kept_step"] == 20 and len(history["d_loss"]) == 50


def test_conditional_history(multiclass_data):
    X, y = multiclass_data
    sampler = GANOverSampler(**FAST, mode="conditional", eval_every=5, random_state=0).fit(X, y)
    history = sampler.history_["conditional"]
    np.testing.assert_array_equal(history["check_step"], [5, 10, 15, 20])
    assert history["kept_step"] == 20 and len(history["d_loss"]) == 20


def test_quality_signal_is_computed_only_when_used(binary_data, monkeypatch):
    from gan_resample._gan import quality_signal as _quality_signal

    def never(self, generator):
        raise AssertionError("the quality signal was computed")

    X, y = binary_data
    with monkeypatch.context() as patched:
        patched.setattr(_quality_signal.QualitySignal, "__call__", never)
        sampler = GANOverSampler(**FAST, random_state=0).fit(X, y)
    history = sampler.history_[1]
    assert history["check_step"].size == 0 and history["quality"].size == 0
    assert history["kept_step"] == FAST["n_steps"]
    # scoring changes no row: it draws from a generator of its own
    scored = GANOverSampler(**FAST, eval_every=5, random_state=0).fit(X, y)
    assert len(scored.history_[1]["quality"]) == 4
    np.testing.assert_array_equal(scored.sample(50, klass=1), sampler.sample(50, klass=1))


def test_verbose_shows_progress_and_silence_is_default(binary_data, capsys):
    X, y = binary_data
    GANOverSampler(**FAST, random_state=0).fit(X, y)
    assert capsys.readouterr().err == ""
    GANOverSampler(**FAST, verbose=True, random_state=0).fit(X, y)
    err = capsys.readouterr().err
    assert "step 20/20" in err and "quality" in err and "kept the generator of step" in err


@pytest.mark.parametrize("keep", ["last", "best"])
def test_verbose_summary_reports_the_quality_of_the_kept_generator(binary_data, capsys, keep):
    X, y = binary_data
    sampler = GANOverSampler(**FAST, eval_every=5, keep=keep, verbose=True, random_state=0)
    sampler.fit(X, y)
    history = sampler.history_[1]
    kept = history["quality"][list(history["check_step"]).index(history["kept_step"])]
    assert f"kept the generator of step {history['kept_step']} (quality {kept:.3f})" in (
        capsys.readouterr().err
    )
    if keep == "last":
        assert history["kept_step"] == 20


def test_verbose_gives_each_class_its_own_line_when_several_are_trained(multiclass_data, capsys):
    X, y = multiclass_data
    GANOverSampler(**FAST, eval_every=10, verbose=True, random_state=0).fit(X, y)
    err = capsys.readouterr().err
    shown = re.findall(r"\r([^\r\n]*)(\n?)", err)  # each bar drawn, and what follows it
    for klass in sorted(set(y.tolist()) - {np.bincount(y).argmax()}):
        checks = [ended for text, ended in shown if f"class {klass} [" in text]
        assert len(checks) == 2  # steps 10 and 20
        # each stays on its own line: not rewritten by the next class's bar
        assert all(ended == "\n" for ended in checks)
