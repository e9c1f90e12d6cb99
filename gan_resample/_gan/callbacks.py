"""What the training loop notifies, in skorch's manner: quality checkpoints, early
stopping and progress are callbacks, not flags of the loop (torch only).

At every check (each ``eval_every`` steps, and after the last), the loop calls
``on_check(run, m, step)`` of each callback, in order, for every GAN ``m`` still
training whose losses are finite; at the end of the whole fit (retries included) it
calls ``on_train_end(names, histories)``. ``run`` is the loop's :class:`TrainingRun`.
"""

import numpy as np

from .._shared.progress import ProgressBar


class TrainingRun:
    """The state of one batched training run that callbacks read and act on.

    Parameters
    ----------
    netG : Generator
        The batched generator being trained.
    d_losses, g_losses : torch.Tensor of shape (n_steps, n_models)
        The losses of every step so far.
    n_steps : int
        The step budget.
    names : list of str
        What each GAN learns, for messages ("class 1").
    """

    def __init__(self, netG, d_losses, g_losses, n_steps, names):
        self.netG, self.d_losses, self.g_losses = netG, d_losses, g_losses
        self.n_steps, self.names = n_steps, names
        n_models = len(names)
        self.quality = [None] * n_models  # the quality of each GAN's latest check
        self.steps_run = [None] * n_models  # set when a GAN stops early or diverges
        self.stopped = [None] * n_models  # the generator kept when it stopped early

    def active(self, m):
        return self.steps_run[m] is None

    def stop(self, m, step, generator=None):
        """GAN ``m`` trains no further after ``step`` steps, keeping ``generator``."""
        self.steps_run[m], self.stopped[m] = step, generator


class Callback:
    """Does nothing; subclasses override the notifications they need."""

    def on_check(self, run, m, step):
        pass

    def on_train_end(self, names, histories):
        pass


class QualityCheckpoints(Callback):
    """Scores a snapshot of each GAN's generator by its quality signal (lower is
    better) and keeps the best snapshot."""

    def __init__(self, signals):
        self.signals = signals
        n_models = len(signals)
        self.checks = [[] for _ in range(n_models)]
        self.qualities = [[] for _ in range(n_models)]
        self.best = [(np.inf, 0, None)] * n_models  # quality, step, generator
        self.checks_since_best = [0] * n_models
        self.latest = [None] * n_models

    def on_check(self, run, m, step):
        snapshot = run.netG.member(m)
        quality = self.signals[m](snapshot)
        self.checks[m].append(step)
        self.qualities[m].append(quality)
        self.checks_since_best[m] += 1
        if quality < self.best[m][0]:
            self.best[m], self.checks_since_best[m] = (quality, step, snapshot), 0
        self.latest[m], run.quality[m] = snapshot, quality

    def history(self, m):
        return {"check_step": np.array(self.checks[m], dtype=int),
                "quality": np.array(self.qualities[m], dtype=float)}


class EarlyStopping(Callback):
    """Stops a GAN after ``patience`` checks of its :class:`QualityCheckpoints`
    without a new best, keeping its latest snapshot."""

    def __init__(self, checkpoints, patience):
        self.checkpoints, self.patience = checkpoints, patience

    def on_check(self, run, m, step):
        if self.checkpoints.checks_since_best[m] >= self.patience:
            run.stop(m, step, self.checkpoints.latest[m])


class ProgressReport(Callback):
    """A progress bar per GAN at each check (step, losses, quality), then a summary
    line per GAN, on standard error. One GAN rewrites its line; several GANs (trained
    together) each get a line per check, which one line rewritten by all would hide."""

    def __init__(self, prefix):
        self.bar = ProgressBar(width=20, prefix=prefix)

    def on_check(self, run, m, step):
        scored = "" if run.quality[m] is None else f" quality {run.quality[m]:.3f}"
        self.bar.show(
            step, run.n_steps,
            f"step {step}/{run.n_steps} d_loss {float(run.d_losses[step - 1, m]):.3f} "
            f"g_loss {float(run.g_losses[step - 1, m]):.3f}{scored}",
            label=f"{run.names[m]} ",
        )
        if len(run.names) > 1:
            self.bar.end()

    def on_train_end(self, names, histories):
        for name, history in zip(names, histories):
            checks = list(history["check_step"])
            quality = ""
            if history["kept_step"] in checks:
                kept = history["quality"][checks.index(history["kept_step"])]
                quality = f" (quality {kept:.3f})"
            self.bar.say(
                f"{name}: {len(history['step'])} steps in {history['seconds']:.2f} s; "
                f"kept the generator of step {history['kept_step']}{quality}"
            )
