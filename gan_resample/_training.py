"""The adversarial training loop (torch only, nothing of scikit-learn).

The GANs of all classes to oversample are trained together, as one batched model (see
:mod:`._batched`): one step updates every class's GAN, so ``k`` classes cost far less
than ``k`` runs of the loop. The loop counts steps, not epochs, so a class of 40 rows
and one of 40 000 get the same budget.
"""

import warnings
from dataclasses import dataclass

import numpy as np
import torch

from ._adam import Adam
from ._gan_tables import batch_sampler
from ._losses import bce_step, wgan_gp_step
from ._networks import Discriminator, Generator, OutputLayout
from ._quality_signal import QualitySignal
from ._starts import fit_start

LOSSES = ("bce", "wgan-gp")
SELECTIONS = ("best", "last")
_RETRIES = 2


class TrainingDivergedWarning(UserWarning):
    """Training produced non-finite losses and was restarted with smaller steps.

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> from gan_resample import GANOverSampler, TrainingDivergedWarning
    >>> X = np.random.default_rng(0).normal(size=(60, 3))
    >>> y = np.r_[np.zeros(45), np.ones(15)].astype(int)
    >>> far_too_fast = GANOverSampler(n_steps=20, learning_rate_g=1e20, learning_rate_d=1e20,
    ...                               random_state=0)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     try:
    ...         far_too_fast.fit_resample(X, y)
    ...     except FloatingPointError as error:
    ...         print(str(error)[:46])
    Training the GAN for class 1 produced non-fini
    >>> {w.category.__name__ for w in caught}
    {'TrainingDivergedWarning'}
    """


@dataclass(frozen=True)
class TrainingPlan:
    latent_dim: int
    generator_sizes: tuple
    discriminator_sizes: tuple
    n_steps: int
    batch_size: int
    learning_rate_g: float
    learning_rate_d: float
    loss: str
    pac: int
    eval_every: int
    score_quality: bool
    selection: str
    n_iter_no_change: int | None
    start: str
    k_neighbors: int
    contrast: float
    gp_weight: float = 10.0


def train_gans(tables, plan, *, seeds, device, names, progress=None):
    """Train the GANs of ``tables`` together, as one batched model; return a
    ``(generator, history)`` pair per GAN.

    Each GAN has its own seed (``seeds[m]``), weights, optimiser state and random
    streams, and the batched arithmetic gives every GAN the rows it would get if it were
    trained alone: the number of GANs changes the cost, not the result.

    Every ``plan.eval_every`` steps the losses are checked for finiteness and, when
    ``plan.score_quality``, each generator is scored by :class:`QualitySignal` (lower
    is better); with ``plan.selection == "best"`` the best-scoring snapshot is returned,
    and with ``plan.n_iter_no_change`` a GAN stops after that many checks without a new
    best.

    A GAN whose losses turn non-finite is trained again from scratch with halved
    learning rates, up to twice, with a warning; after that, ``FloatingPointError``.
    ``names[m]`` says what GAN ``m`` learns, for messages ("class 1"); ``progress``, if
    given, is called at each check with ``(name, step, n_steps, d_loss, g_loss,
    quality)`` (quality None when not scored).
    """
    results = [None] * tables.n_models
    pending = list(range(tables.n_models))
    for attempt in range(_RETRIES + 1):
        scale = 0.5**attempt
        outcomes = _train_together(
            tables.subset(pending), plan, [seeds[m] for m in pending], device, scale,
            [names[m] for m in pending], progress,
        )
        diverged = []
        for m, outcome in zip(pending, outcomes):
            if isinstance(outcome, _Diverged):
                diverged.append((m, outcome.step))
            else:
                results[m] = outcome
        if not diverged:
            return results
        if attempt == _RETRIES:
            m, step = diverged[0]
            raise FloatingPointError(
                f"Training the GAN for {names[m]} produced non-finite losses near step "
                f"{step}, also after {_RETRIES} restarts with halved learning "
                "rates. Lower learning_rate_g and learning_rate_d, or check the "
                "data for extreme values."
            )
        for m, step in diverged:
            warnings.warn(
                f"Training the GAN for {names[m]} produced non-finite losses near step "
                f"{step}; restarting with learning rates scaled by {scale / 2:g}.",
                TrainingDivergedWarning,
                stacklevel=3,
            )
        pending = [m for m, _ in diverged]
    raise AssertionError("unreachable")  # pragma: no cover


class _Diverged:
    def __init__(self, step):
        self.step = step


class _Record:
    """One GAN's checks during batched training."""

    def __init__(self):
        self.checks, self.qualities = [], []
        self.best = (np.inf, 0, None)  # quality, step, generator
        self.checks_since_best = 0
        self.steps_run = None  # set when the GAN stops early or diverges
        self.stopped = None  # the generator kept when it stopped early
        self.diverged = None

    @property
    def active(self):
        return self.steps_run is None


def _train_together(tables, plan, seeds, device, lr_scale, names, progress):
    rngs = [torch.Generator(device=device) for _ in seeds]
    for rng, seed in zip(rngs, seeds):
        rng.manual_seed(seed)
    n_models, n_outputs = tables.n_models, tables.spaces.shape[2]
    layout = OutputLayout(n_outputs, tables.discrete_blocks, device)
    start = fit_start(tables, plan, layout)
    n_conditions = tables.n_conditions
    netG = Generator(
        plan.latent_dim, n_conditions, plan.generator_sizes, layout, start, rngs=rngs,
        device=device,
    )
    netD = Discriminator(
        n_models, n_outputs, n_conditions, plan.discriminator_sizes, plan.pac, rngs=rngs,
        device=device,
    )
    optG = Adam(netG.parameters(), lr=plan.learning_rate_g * lr_scale, betas=(0.5, 0.9))
    optD = Adam(netD.parameters(), lr=plan.learning_rate_d * lr_scale, betas=(0.5, 0.9))

    batch = max(plan.pac, plan.batch_size - plan.batch_size % plan.pac)
    n_negative = 0
    if plan.contrast > 0 and tables.n_classes > 1:
        n_negative = int(round(plan.contrast * batch / plan.pac)) * plan.pac
    draw_batch = batch_sampler(tables, batch, n_negative, rngs)
    step_fn = bce_step if plan.loss == "bce" else wgan_gp_step
    packs, negative_packs = batch // plan.pac, n_negative // plan.pac
    targets = torch.cat([
        torch.ones(packs, 1), torch.zeros(packs + negative_packs, 1)
    ]).to(device)

    signals = None
    if plan.score_quality:
        signals = []
        for m in range(n_models):
            rows, codes = tables.rows_of(m)
            signals.append(QualitySignal(
                tables.encoded(m, rows, codes), codes, n_conditions, tables.discrete_blocks,
                layout.numeric_columns, seed=seeds[m] + 1,
            ))
    d_losses = torch.empty((plan.n_steps, n_models), device=device)
    g_losses = torch.empty((plan.n_steps, n_models), device=device)
    records = [_Record() for _ in range(n_models)]
    last_check = 0
    for step in range(plan.n_steps):
        real, codes, negatives = draw_batch()
        fake = netG(batch, codes, rngs=rngs)
        d_losses[step], g_losses[step] = step_fn(
            netD, optD, optG, real, fake, netG.condition(codes), negatives, targets, plan,
            rngs,
        )
        steps_run = step + 1
        if steps_run % plan.eval_every and steps_run != plan.n_steps:
            continue
        recent = slice(last_check, steps_run)
        finite = torch.isfinite(d_losses[recent]).all(0) & torch.isfinite(g_losses[recent]).all(0)
        last_check = steps_run
        for m, record in enumerate(records):
            if record.active:
                _check(record, m, bool(finite[m]), steps_run, netG, signals, plan, names,
                       d_losses, g_losses, progress)
        if not any(record.active for record in records):
            break

    outcomes = []
    for m, record in enumerate(records):
        if record.diverged is not None:
            outcomes.append(_Diverged(record.diverged))
            continue
        steps_run = record.steps_run or plan.n_steps
        if plan.selection == "best" and record.best[2] is not None:
            generator, kept = record.best[2], record.best[1]
        else:
            generator, kept = record.stopped or netG.member(m), steps_run
        history = {
            "step": np.arange(1, steps_run + 1),
            "d_loss": d_losses[:steps_run, m].cpu().numpy(),
            "g_loss": g_losses[:steps_run, m].cpu().numpy(),
            "check_step": np.array(record.checks, dtype=int),
            "quality": np.array(record.qualities, dtype=float),
            "kept_step": kept,
        }
        outcomes.append((generator.eval(), history))
    return outcomes


def _check(record, m, finite, steps_run, netG, signals, plan, names, d_losses, g_losses,
           progress):
    """GAN ``m``'s check after ``steps_run`` steps: divergence, quality, early
    stopping, progress."""
    if not finite:
        record.diverged = record.steps_run = steps_run
        return
    quality = None
    if signals is not None:
        snapshot = netG.member(m)
        quality = signals[m](snapshot)
        record.checks.append(steps_run)
        record.qualities.append(quality)
        record.checks_since_best += 1
        if quality < record.best[0]:
            record.best, record.checks_since_best = (quality, steps_run, snapshot), 0
        if (plan.n_iter_no_change is not None
                and record.checks_since_best >= plan.n_iter_no_change):
            record.steps_run, record.stopped = steps_run, snapshot
    if progress is not None:
        progress(names[m], steps_run, plan.n_steps, float(d_losses[steps_run - 1, m]),
                 float(g_losses[steps_run - 1, m]), quality)


