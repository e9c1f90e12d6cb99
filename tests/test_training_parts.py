"""The parts the training loop and the sampler are built from: the mode's GANs, the
callbacks, the progress bar and the shared docstring text."""

import io

import numpy as np
import pytest
import torch

from gan_resample._gan.callbacks import EarlyStopping, QualityCheckpoints, TrainingRun
from gan_resample._gan.modes import ConditionalGAN, PerClassGANs, gans_for
from gan_resample._shared.docstrings import shared_docs
from gan_resample._shared.progress import ProgressBar, duration


def test_per_class_gans_learn_the_oversampled_classes_each_with_its_own_seed():
    gans = gans_for("per_class", np.array(["a", "b", "c"]), ["c", "a"])
    assert isinstance(gans, PerClassGANs)
    assert gans.encoded == ["c", "a"] and gans.history_keys == ["c", "a"]
    assert gans.learned_codes == [2, 0]
    assert gans.seeds([10, 11, 12]) == [12, 10]
    assert gans.names == ["class 'c'", "class 'a'"]
    assert gans.generators([("G_c", {}), ("G_a", {})]) == {"c": "G_c", "a": "G_a"}


def test_a_conditional_gan_encodes_every_class_and_draws_them_all():
    gans = gans_for("conditional", np.array([0, 1, 2]), [1])
    assert isinstance(gans, ConditionalGAN)
    assert gans.encoded == [0, 1, 2] and gans.history_keys == ["conditional"]
    assert gans.learned_codes is None and gans.seeds([7, 8, 9]) == [7]
    assert gans.generators([("G", {})]) == {0: "G", 1: "G", 2: "G"}


class _Generator:
    def member(self, m):
        return f"snapshot {m}"


def _run(n_models):
    losses = torch.zeros((10, n_models))
    return TrainingRun(_Generator(), losses, losses.clone(), 10, [f"GAN {m}" for m in
                                                                 range(n_models)])


def test_checkpoints_keep_the_best_snapshot_and_early_stopping_counts_from_it():
    scores = iter([0.5, 0.3, 0.4, 0.35])
    checkpoints = QualityCheckpoints([lambda snapshot: next(scores)])
    stopping = EarlyStopping(checkpoints, patience=2)
    run = _run(1)
    for step in (2, 4, 6, 8):
        if not run.active(0):
            break
        checkpoints.on_check(run, 0, step)
        stopping.on_check(run, 0, step)
    assert checkpoints.best[0][:2] == (0.3, 4)
    assert checkpoints.history(0)["check_step"].tolist() == [2, 4, 6, 8]
    assert run.steps_run[0] == 8 and run.stopped[0] == "snapshot 0"
    assert run.quality[0] == 0.35


def test_without_a_new_best_within_patience_a_gan_stops_at_once():
    checkpoints = QualityCheckpoints([lambda snapshot: 1.0, lambda snapshot: 1.0])
    stopping = EarlyStopping(checkpoints, patience=1)
    run = _run(2)
    for m in (0, 1):
        checkpoints.on_check(run, m, 5)
        stopping.on_check(run, m, 5)
    assert run.active(0) and run.active(1)  # the first check is a new best
    checkpoints.on_check(run, 1, 10)
    stopping.on_check(run, 1, 10)
    assert run.active(0) and not run.active(1)


def test_the_progress_bar_rewrites_its_line_and_says_a_line_below_it():
    out = io.StringIO()
    bar = ProgressBar(width=4, prefix="[p] ", stream=out)
    bar.show(1, 2, "half", label="x ")
    bar.say("done")
    bar.end()
    assert out.getvalue() == "\r[p] x [##..] half\n[p] done\n\n"


@pytest.mark.parametrize("seconds, shown", [(4.4, "4 s"), (65, "1 min 05 s"),
                                            (3720, "1 h 02 min")])
def test_durations_read_as_a_person_reads_them(seconds, shown):
    assert duration(seconds) == shown


def test_shared_docs_fill_placeholders_and_leave_other_braces():
    @shared_docs(size="size : int\n        How many.")
    def f():
        """Parameters
        ----------
        {size}

        >>> {'a': 1}
        {'a': 1}
        """

    assert "size : int\n        How many." in f.__doc__
    assert "{'a': 1}" in f.__doc__ and "{size}" not in f.__doc__


def test_a_placeholder_without_its_text_is_an_error():
    with pytest.raises(KeyError, match="no text for"):
        @shared_docs()
        def f():
            """Parameters
            ----------
            {missing}
            """


def test_shared_docs_leave_a_stripped_docstring_alone():
    def f():
        pass

    assert shared_docs(size="size : int")(f).__doc__ is None
