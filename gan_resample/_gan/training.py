"""The adversarial training loop (torch only, nothing of scikit-learn).

The GANs of all classes to oversample are trained together, as one batched model (see
:mod:`._batched`): one step updates every class's GAN, so ``k`` classes cost far less
than ``k`` runs of the loop. The loop counts steps, not epochs, so a class of 40 rows
and one of 40 000 get the same budget.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import torch

from .._shared.warn import warn
from ..exceptions import TrainingDivergedWarning
from .adam import Adam
from .callbacks import EarlyStopping, QualityCheckpoints, TrainingRun
from .losses import loss_step
from .networks import MAX_LAYERS, MAX_WIDTH, Discriminator, Generator, OutputLayout
from .quality_signal import QualitySignal
from .starts import fit_start
from .tables import batch_sampler

SELECTIONS = ("best", "last")
# Steps between quality checks when the sampler's eval_every is None.
DEFAULT_EVAL_EVERY = 25
_RETRIES = 2


@dataclass(frozen=True)
class TrainingPlan:
    """The sampler's training parameters, under the same names (see
    ``GANOverSampler``), with ``eval_every`` resolved and ``score_quality`` derived."""

    latent_dim: int
    generator_hidden: tuple
    discriminator_hidden: tuple
    n_steps: int
    batch_size: int
    learning_rate_g: float
    learning_rate_d: float
    loss: str
    pac: int
    eval_every: int
    keep: str
    n_iter_no_change: int | None
    start: str
    k_neighbors: int
    other_class_ratio: float
    score_quality: bool

    @classmethod
    def from_params(cls, params):
        """The plan for a sampler's ``get_params()``. The quality signal is computed
        only when something uses it: it costs time and changes no row."""
        return cls(
            latent_dim=params["latent_dim"],
            generator_hidden=_layer_sizes(params["generator_hidden"], "generator_hidden"),
            discriminator_hidden=_layer_sizes(
                params["discriminator_hidden"], "discriminator_hidden"),
            n_steps=params["n_steps"],
            batch_size=params["batch_size"],
            learning_rate_g=params["learning_rate_g"],
            learning_rate_d=params["learning_rate_d"],
            loss=params["loss"],
            pac=params["pac"],
            eval_every=(DEFAULT_EVAL_EVERY if params["eval_every"] is None
                        else params["eval_every"]),
            keep=params["keep"],
            n_iter_no_change=params["n_iter_no_change"],
            start=params["start"],
            k_neighbors=params["k_neighbors"],
            other_class_ratio=params["other_class_ratio"],
            score_quality=params["eval_every"] is not None or params["keep"] == "best"
            or params["n_iter_no_change"] is not None or bool(params["verbose"]),
        )


def _layer_sizes(sizes, name):
    sizes = tuple(np.atleast_1d(sizes).tolist())
    if not sizes or not all(isinstance(s, int) and s >= 1 for s in sizes):
        raise ValueError(
            f"{name} must be a non-empty sequence of positive integers; got {sizes!r}."
        )
    if len(sizes) > MAX_LAYERS or max(sizes) > MAX_WIDTH:
        raise ValueError(
            f"{name} must hold at most {MAX_LAYERS} layers of at most {MAX_WIDTH} units; "
            f"got {len(sizes)} layer(s), the widest of {max(sizes)} units."
        )
    return sizes


def train_gans(tables, plan, *, seeds, device, names, callbacks=(), n_workers=1):
    """Train the GANs of ``tables`` together, as one batched model; return a
    ``(generator, history)`` pair per GAN.

    Each GAN has its own seed (``seeds[m]``), weights, optimiser state and random
    streams, and the batched arithmetic gives every GAN the rows it would get if it were
    trained alone: the number of GANs changes the cost, not the result. That is what
    lets ``n_workers`` > 1 split the GANs into that many groups, each a batched model
    trained in a thread of its own (torch's own threads stay as the caller set them,
    one in the sampler): parallel across GANs rather than inside each small operation,
    with threads that sleep, not spin, while they wait for a core.

    Every ``plan.eval_every`` steps the losses are checked for finiteness and the
    callbacks are notified (:mod:`._callbacks`): when ``plan.score_quality``, a
    :class:`~._callbacks.QualityCheckpoints` scores each generator (with
    ``plan.keep == "best"`` the best-scoring snapshot is returned), and with
    ``plan.n_iter_no_change`` an :class:`~._callbacks.EarlyStopping` stops a GAN after
    that many checks without a new best; ``callbacks`` (such as a progress report)
    follow them.

    A GAN whose losses turn non-finite is trained again from scratch with halved
    learning rates, up to twice, with a warning; after that, ``FloatingPointError``.
    ``names[m]`` says what GAN ``m`` learns, for messages ("class 1"). Each history's
    ``seconds`` is the wall time of the whole call, which the GANs share.
    """
    began = time.perf_counter()
    results = [None] * tables.n_models
    pending = list(range(tables.n_models))
    for attempt in range(_RETRIES + 1):
        scale = 0.5**attempt
        outcomes = _train_in_groups(tables, pending, plan, seeds, device, scale, names,
                                    callbacks, n_workers)
        diverged = []
        for m, outcome in zip(pending, outcomes):
            if isinstance(outcome, _Diverged):
                diverged.append((m, outcome.step))
            else:
                results[m] = outcome
        if not diverged:
            break
        if attempt == _RETRIES:
            m, step = diverged[0]
            raise FloatingPointError(
                f"Training the GAN for {names[m]} produced non-finite losses near step "
                f"{step}, also after {_RETRIES} restarts with halved learning "
                "rates. Lower learning_rate_g and learning_rate_d, or check the "
                "data for extreme values."
            )
        for m, step in diverged:
            warn(
                f"Training the GAN for {names[m]} produced non-finite losses near step "
                f"{step}; restarting with learning rates scaled by {scale / 2:g}.",
                TrainingDivergedWarning,
            )
        pending = [m for m, _ in diverged]
    seconds = time.perf_counter() - began
    for _, history in results:
        history["seconds"] = seconds
    for callback in callbacks:
        callback.on_train_end(names, [history for _, history in results])
    return results


def _train_in_groups(tables, models, plan, seeds, device, lr_scale, names, callbacks,
                     n_workers):
    """:func:`_train_together` on GANs ``models``, in up to ``n_workers`` groups of
    consecutive GANs trained in threads at once; the outcomes in the order of
    ``models``."""
    groups = [list(group) for group in np.array_split(models, min(n_workers, len(models)))]
    stop = threading.Event()

    def train(group):
        return _train_together(
            tables.subset(group), plan, [seeds[m] for m in group], device, lr_scale,
            [names[m] for m in group], callbacks if len(groups) == 1 else
            [_OneAtATime(callback, lock) for callback in callbacks], stop,
        )

    if len(groups) == 1:
        return train(groups[0])
    lock = threading.Lock()
    pool = ThreadPoolExecutor(max_workers=len(groups))
    try:
        futures = [pool.submit(train, group) for group in groups]
        return [outcome for future in futures for outcome in future.result()]
    except BaseException:
        # Ctrl-C (or an error in one group): the other threads end at their next step,
        # rather than the call waiting for their training to finish
        stop.set()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class _OneAtATime:
    """A callback notified by one training thread at a time."""

    def __init__(self, callback, lock):
        self.callback, self.lock = callback, lock

    def on_check(self, run, m, step):
        with self.lock:
            self.callback.on_check(run, m, step)


class _Diverged:
    def __init__(self, step):
        self.step = step


def _train_together(tables, plan, seeds, device, lr_scale, names, callbacks, stop=None):
    """One attempt: build the networks, run the steps, and return per GAN its
    ``(generator, history)`` or ``_Diverged``; ``stop`` (a ``threading.Event``) ends the
    steps early when set, for a caller that throws the outcome away."""
    rngs = [torch.Generator(device=device) for _ in seeds]
    for rng, seed in zip(rngs, seeds):
        rng.manual_seed(seed)
    layout = OutputLayout(tables.spaces.shape[2], tables.discrete_blocks, device)
    netG, netD = _networks(tables, plan, layout, rngs, device)
    optG = Adam(netG.parameters(), lr=plan.learning_rate_g * lr_scale, betas=(0.5, 0.9))
    optD = Adam(netD.parameters(), lr=plan.learning_rate_d * lr_scale, betas=(0.5, 0.9))
    batch, n_negative = _batch_sizes(tables, plan)
    draw_batch = batch_sampler(tables, batch, n_negative, rngs, seeds)
    step = loss_step(plan.loss, n_packs=batch // plan.pac,
                     n_negative_packs=n_negative // plan.pac, rngs=rngs, pac=plan.pac,
                     device=device)
    checkpoints = None
    hooks = []
    if plan.score_quality:
        checkpoints = QualityCheckpoints(
            [_quality_signal(tables, m, layout, seeds[m]) for m in range(tables.n_models)]
        )
        hooks.append(checkpoints)
        if plan.n_iter_no_change is not None:
            hooks.append(EarlyStopping(checkpoints, plan.n_iter_no_change))

    losses = torch.empty((2, plan.n_steps, tables.n_models), device=device)
    run = TrainingRun(netG, losses[0], losses[1], plan.n_steps, names)
    diverged = _run_steps(
        run, lambda: step(netD, optD, optG, *_step_rows(netG, draw_batch, batch, rngs)),
        plan.eval_every, [*hooks, *callbacks], stop,
    )
    return [
        _Diverged(run.steps_run[m]) if diverged[m] else _outcome(run, checkpoints, plan, m)
        for m in range(tables.n_models)
    ]


def _networks(tables, plan, layout, rngs, device):
    """The batched generator (on each GAN's fitted start) and discriminator, their
    weights drawn from ``rngs`` in that order."""
    netG = Generator(
        plan.latent_dim, tables.n_conditions, plan.generator_hidden, layout,
        fit_start(tables, plan, layout), rngs=rngs, device=device,
    )
    netD = Discriminator(
        tables.n_models, layout.n_outputs, tables.n_conditions, plan.discriminator_hidden,
        plan.pac, rngs=rngs, device=device,
    )
    return netG, netD


def _batch_sizes(tables, plan):
    """Real rows per GAN and step (a multiple of ``pac``), and rows of other classes."""
    batch = max(plan.pac, plan.batch_size - plan.batch_size % plan.pac)
    n_negative = 0
    if plan.other_class_ratio > 0 and tables.n_classes > 1:
        n_negative = int(round(plan.other_class_ratio * batch / plan.pac)) * plan.pac
    return batch, n_negative


def _step_rows(netG, draw_batch, batch, rngs):
    """One step's rows: real, generated, their condition and the negatives."""
    real, codes, negatives = draw_batch()
    return real, netG(batch, codes, rngs=rngs), netG.condition(codes), negatives


def _run_steps(run, take_step, eval_every, hooks, stop=None):
    """Take up to ``run.n_steps`` steps, checking every ``eval_every`` (and after the
    last) that each GAN's losses are finite and notifying ``hooks``; returns which GANs
    diverged. Stops early when no GAN is left training, or when ``stop`` is set."""
    n_models = len(run.names)
    diverged = [False] * n_models
    last_check = 0
    for index in range(run.n_steps):
        if stop is not None and stop.is_set():
            break
        run.d_losses[index], run.g_losses[index] = take_step()
        steps_run = index + 1
        if steps_run % eval_every and steps_run != run.n_steps:
            continue
        recent = slice(last_check, steps_run)
        finite = (torch.isfinite(run.d_losses[recent]).all(0)
                  & torch.isfinite(run.g_losses[recent]).all(0))
        last_check = steps_run
        for m in range(n_models):
            if not run.active(m):
                continue
            if not finite[m]:
                run.stop(m, steps_run)
                diverged[m] = True
                continue
            for hook in hooks:
                hook.on_check(run, m, steps_run)
        if not any(run.active(m) for m in range(n_models)):
            break
    return diverged


def _quality_signal(tables, m, layout, seed):
    rows, codes = tables.rows_of(m)
    return QualitySignal(
        tables.encoded(m, rows, codes), codes, tables.n_conditions, tables.discrete_blocks,
        layout.numeric_columns, seed=seed + 1,
    )


def _outcome(run, checkpoints, plan, m):
    """GAN ``m``'s kept generator and its history."""
    steps_run = run.steps_run[m] or plan.n_steps
    if plan.keep == "best" and checkpoints is not None and checkpoints.best[m][2] is not None:
        _, kept, generator = checkpoints.best[m]
    else:
        generator, kept = run.stopped[m] or run.netG.member(m), steps_run
    history = {
        "step": np.arange(1, steps_run + 1),
        "d_loss": run.d_losses[:steps_run, m].cpu().numpy(),
        "g_loss": run.g_losses[:steps_run, m].cpu().numpy(),
        **(checkpoints.history(m) if checkpoints is not None
           else {"check_step": np.array([], dtype=int), "quality": np.array([], dtype=float)}),
        "kept_step": kept,
    }
    return generator.eval(), history
