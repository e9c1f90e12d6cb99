"""The adversarial training loop (torch only, nothing of scikit-learn).

Data lives in one tensor; batches are drawn by index with a seeded generator (no
DataLoader: for in-memory rows it costs more than the step itself). The loop counts
steps, not epochs, so a class of 40 rows and one of 40 000 get the same budget.
"""

import warnings
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from ._adam import Adam
from ._networks import (
    CopulaStart,
    Discriminator,
    Generator,
    InterpolationStart,
    OutputLayout,
    class_blocks,
    uniform_index,
)
from ._quality_signal import QualitySignal

LOSSES = ("bce", "wgan-gp")
STARTS = ("interpolation", "copula")
SELECTIONS = ("best", "last")
_RETRIES = 2


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
    selection: str
    n_iter_no_change: int | None
    start: str
    k_neighbors: int
    contrast: float
    gp_weight: float = 10.0


class _Diverged(Exception):
    def __init__(self, step):
        super().__init__(step)
        self.step = step


class TrainingDivergedWarning(UserWarning):
    """Training produced non-finite losses and was restarted with smaller steps."""


def train_gan(data, labels, n_classes, discrete_blocks, plan, *, seed, device, name,
              others=None, progress=None):
    """Train one GAN on ``data`` and return ``(generator, history)``.

    Parameters
    ----------
    data : torch.Tensor of shape (n_rows, n_outputs)
        Model-space rows on ``device``.
    labels : torch.Tensor of shape (n_rows,) or None
        Class codes for a conditional GAN; ``None`` trains an unconditional one.
    n_classes : int
        Width of the one-hot condition (0 when unconditional).
    discrete_blocks : list of (start, stop)
        One-hot blocks of the model space.
    plan : TrainingPlan
    others : torch.Tensor or None
        Rows of the other classes, which the discriminator learns to tell from the
        class's real rows alongside the generated ones (``plan.contrast`` of a batch per
        step), so that generated rows are pushed out of the other classes' region.
        Unconditional: shape (n_other, n_outputs), encoded like ``data``. Conditional:
        shape (n_classes, n_rows, n_outputs), every row encoded as each class's rows
        are; the negatives for class ``c`` are ``others[c]`` at rows of other classes.
    seed : int
    device : torch.device
    name : str
        What the GAN learns, for messages ("class 1").
    progress : callable or None
        Called at each quality check with ``(step, n_steps, d_loss, g_loss, quality)``.

    Every ``plan.eval_every`` steps the losses are checked for finiteness and the
    generator is scored by :class:`QualitySignal` (lower is better); with
    ``plan.selection == "best"`` the best-scoring snapshot is returned, and with
    ``plan.n_iter_no_change`` training stops after that many checks without a new best.

    If the losses turn non-finite, training restarts from scratch with halved
    learning rates, up to twice, with a warning; after that, ``FloatingPointError``.
    """
    for attempt in range(_RETRIES + 1):
        scale = 0.5**attempt
        try:
            return _train_once(
                data, labels, n_classes, discrete_blocks, plan, seed, device, scale,
                others, progress,
            )
        except _Diverged as diverged:
            step = diverged.step
            if attempt == _RETRIES:
                raise FloatingPointError(
                    f"Training the GAN for {name} produced non-finite losses near step "
                    f"{step}, also after {_RETRIES} restarts with halved learning "
                    "rates. Lower learning_rate_g and learning_rate_d, or check the "
                    "data for extreme values."
                ) from None
            warnings.warn(
                f"Training the GAN for {name} produced non-finite losses near step "
                f"{step}; restarting with learning rates scaled by {scale / 2:g}.",
                TrainingDivergedWarning,
                stacklevel=3,
            )
    raise AssertionError("unreachable")  # pragma: no cover


def _train_once(data, labels, n_classes, discrete_blocks, plan, seed, device, lr_scale,
                others, progress):
    rng = torch.Generator(device=device)
    rng.manual_seed(seed)
    n_rows, n_outputs = data.shape
    layout = OutputLayout(n_outputs, discrete_blocks, device)
    if plan.start == "interpolation":
        anchors = anchor_rows(labels, n_rows, n_classes, device)
        anchor_labels = None if labels is None else labels[anchors]
        neighbours, n_neighbours = nearest_neighbours(
            data[anchors], anchor_labels, n_classes, plan.k_neighbors
        )
        start = InterpolationStart(
            layout, data[anchors], neighbours, n_neighbours, anchor_labels, n_classes,
            discrete_blocks,
        )
    else:
        start = CopulaStart(
            layout, _frequency_logits(data, discrete_blocks),
            _covariance_root(data, discrete_blocks, labels, n_classes),
        )
    netG = Generator(
        plan.latent_dim, n_classes, plan.generator_sizes, layout, start, rng=rng, device=device
    )
    netD = Discriminator(
        n_outputs, n_classes, plan.discriminator_sizes, plan.pac, rng=rng, device=device
    )
    optG = Adam(netG.parameters(), lr=plan.learning_rate_g * lr_scale, betas=(0.5, 0.9))
    optD = Adam(netD.parameters(), lr=plan.learning_rate_d * lr_scale, betas=(0.5, 0.9))

    batch = max(plan.pac, plan.batch_size - plan.batch_size % plan.pac)
    n_negative = 0
    if others is not None and plan.contrast > 0:
        n_negative = int(round(plan.contrast * batch / plan.pac)) * plan.pac
    draw_rows = _row_sampler(n_rows, labels, n_classes, batch, rng, device)
    draw_negatives = _negative_sampler(others, labels, n_classes, n_negative, rng, device)
    onehot = None if labels is None else F.one_hot(labels, n_classes).to(data.dtype)
    step_fn = _bce_step if plan.loss == "bce" else _wgan_gp_step
    packs, negative_packs = batch // plan.pac, n_negative // plan.pac
    targets = torch.cat([
        torch.ones(packs, 1), torch.zeros(packs + negative_packs, 1)
    ]).to(device)

    signal = QualitySignal(
        data, labels, n_classes, discrete_blocks, layout.numeric_columns, seed=seed + 1
    )
    d_losses = torch.empty(plan.n_steps, device=device)
    g_losses = torch.empty(plan.n_steps, device=device)
    checks, qualities = [], []
    best = (np.inf, 0, None)  # quality, step, generator weights
    steps_run = checks_since_best = 0
    for step in range(plan.n_steps):
        rows = draw_rows()
        real = data[rows]
        codes = None if labels is None else labels[rows]
        condition = None if onehot is None else onehot[rows]
        fake = netG(batch, codes, rng=rng)
        negatives = draw_negatives(codes)
        d_losses[step], g_losses[step] = step_fn(
            netD, optD, optG, real, fake, condition, negatives, targets, plan, rng
        )
        steps_run = step + 1
        if steps_run % plan.eval_every and steps_run != plan.n_steps:
            continue
        recent = slice(checks[-1] if checks else 0, steps_run)
        if not bool(torch.isfinite(torch.stack([d_losses[recent], g_losses[recent]])).all()):
            raise _Diverged(steps_run)
        quality = signal(netG)
        checks.append(steps_run)
        qualities.append(quality)
        checks_since_best += 1
        if quality < best[0]:
            best, checks_since_best = (quality, steps_run, _weights(netG)), 0
        if progress is not None:
            progress(steps_run, plan.n_steps, float(d_losses[step]), float(g_losses[step]), quality)
        if plan.n_iter_no_change is not None and checks_since_best >= plan.n_iter_no_change:
            break

    if plan.selection == "best" and best[2] is not None:
        netG.load_state_dict(best[2])
    kept = best[1] if plan.selection == "best" else steps_run
    netG.eval()
    history = {
        "step": np.arange(1, steps_run + 1),
        "d_loss": d_losses[:steps_run].cpu().numpy(),
        "g_loss": g_losses[:steps_run].cpu().numpy(),
        "check_step": np.array(checks),
        "quality": np.array(qualities),
        "kept_step": kept,
    }
    return netG, history


def _weights(module):
    return {name: value.detach().clone() for name, value in module.state_dict().items()}


def _frequency_logits(data, discrete_blocks):
    """Output biases that make each one-hot block start at its observed frequencies
    (numeric outputs start at 0)."""
    logits = torch.zeros(data.shape[1], dtype=data.dtype, device=data.device)
    for start, stop in discrete_blocks:
        logits[start:stop] = torch.log(data[:, start:stop].mean(dim=0).clamp_min(1e-4))
    return logits


def _covariance_root(data, discrete_blocks, labels, n_classes):
    """A symmetric square root of the numeric columns' covariance (the pooled
    within-class covariance for a conditional GAN): noise mixed by it has the data's
    correlations."""
    discrete = torch.zeros(data.shape[1], dtype=torch.bool, device=data.device)
    for start, stop in discrete_blocks:
        discrete[start:stop] = True
    numeric = data[:, ~discrete].double()
    if labels is not None:
        means = torch.zeros(n_classes, numeric.shape[1], dtype=numeric.dtype, device=data.device)
        means.index_add_(0, labels, numeric)
        means /= torch.bincount(labels, minlength=n_classes).clamp_min(1)[:, None]
        numeric = numeric - means[labels]
    if numeric.shape[1] == 0:
        return torch.zeros((0, 0), dtype=data.dtype, device=data.device)
    centred = numeric - numeric.mean(dim=0)
    covariance = centred.T @ centred / max(len(numeric) - 1, 1)
    values, vectors = torch.linalg.eigh(covariance)
    root = vectors @ torch.diag(values.clamp_min(0).sqrt()) @ vectors.T
    return root.to(data.dtype)


def _row_sampler(n_rows, labels, n_classes, batch, rng, device):
    """A function drawing ``batch`` row indices with replacement.

    Unconditional: uniform over rows. Conditional: classes uniform, then rows uniform
    within the class, so that small classes get as much of the generator's attention
    as large ones.
    """
    if labels is None:
        return lambda: torch.randint(0, n_rows, (batch,), generator=rng, device=device)
    order, counts, starts = class_blocks(labels, n_classes)

    def draw():
        classes = torch.randint(0, n_classes, (batch,), generator=rng, device=device)
        return order[starts[classes] + uniform_index(counts[classes], rng)]

    return draw


def _negative_sampler(others, labels, n_classes, n_negative, rng, device):
    """A function giving ``(rows, condition)`` of ``n_negative`` other-class rows for a
    batch of class ``codes``, or None when there is no contrast.

    Conditional: the negative shown beside a row of class ``c`` is a uniform row of
    the other classes, encoded as class ``c``'s rows are, with ``c``'s condition.
    """
    if n_negative == 0:
        return lambda codes: None
    if labels is None:
        return lambda codes: (
            others[torch.randint(0, others.shape[0], (n_negative,), generator=rng,
                                 device=device)],
            None,
        )
    order, counts, starts = class_blocks(labels, n_classes)
    n_rows = labels.shape[0]

    def draw(codes):
        classes = codes[:n_negative]
        offsets = uniform_index(n_rows - counts[classes], rng)
        offsets = offsets + (offsets >= starts[classes]) * counts[classes]
        condition = F.one_hot(classes, n_classes).to(others.dtype)
        return others[classes, order[offsets]], condition

    return draw


MAX_ANCHORS_PER_CLASS = 10_000


def anchor_rows(labels, n_rows, n_classes, device, cap=MAX_ANCHORS_PER_CLASS):
    """Indices of the rows interpolations start from: all rows of a class of at most
    ``cap`` rows, an even stride through a larger one (the neighbour search is
    quadratic in class size; every row still trains the discriminator)."""
    if labels is None:
        return torch.arange(0, n_rows, -(-n_rows // cap), device=device)
    kept = []
    for c in range(n_classes):
        members = torch.nonzero(labels == c)[:, 0]
        kept.append(members[:: max(1, -(-members.numel() // cap))])
    return torch.sort(torch.cat(kept)).values


def nearest_neighbours(data, labels, n_classes, k, chunk_elements=2**22):
    """Each row's ``k`` nearest rows of its own class (Euclidean, in model space).

    Returns ``(neighbours, n_neighbours)``: an (n_rows, k) tensor of row indices and
    how many of them are valid per row (``min(k, class size - 1)``; the rest repeat the
    first). A row alone in its class is its own neighbour.
    """
    n_rows = data.shape[0]
    device = data.device
    if labels is None:
        labels = torch.zeros(n_rows, dtype=torch.long, device=device)
        n_classes = 1
    neighbours = torch.empty((n_rows, k), dtype=torch.long, device=device)
    n_neighbours = torch.empty(n_rows, dtype=torch.long, device=device)
    for c in range(n_classes):
        members = torch.nonzero(labels == c)[:, 0]
        size = members.numel()
        if size == 0:
            continue
        if size == 1:
            neighbours[members] = members[0]
            n_neighbours[members] = 1
            continue
        k_c = min(k, size - 1)
        rows = data[members]
        step = max(1, chunk_elements // size)
        for begin in range(0, size, step):
            block = slice(begin, min(begin + step, size))
            distances = torch.cdist(rows[block], rows)
            local = torch.arange(block.start, block.stop, device=device)
            distances[local - block.start, local] = torch.inf
            nearest = distances.topk(k_c, dim=1, largest=False).indices
            found = members[nearest]
            neighbours[members[block]] = torch.cat(
                [found, found[:, :1].expand(-1, k - k_c)], dim=1
            )
        n_neighbours[members] = k_c
    return neighbours, n_neighbours


def _discriminator_inputs(real, fake, condition, negatives):
    rows, conditions = [real, fake], [condition, condition]
    if negatives is not None:
        rows.append(negatives[0])
        conditions.append(negatives[1])
    both = None if condition is None else torch.cat(conditions)
    return torch.cat(rows), both


def _bce_step(netD, optD, optG, real, fake, condition, negatives, targets, plan, rng):
    rows, conditions = _discriminator_inputs(real, fake.detach(), condition, negatives)
    scores = netD(rows, conditions)
    d_loss = F.binary_cross_entropy_with_logits(scores, targets)
    optD.zero_grad()
    d_loss.backward()
    optD.step()

    fake_scores = netD(fake, condition)
    g_loss = F.binary_cross_entropy_with_logits(fake_scores, targets[: fake_scores.shape[0]])
    optG.zero_grad()
    g_loss.backward()
    optG.step()
    return d_loss.detach(), g_loss.detach()


def _wgan_gp_step(netD, optD, optG, real, fake, condition, negatives, targets, plan, rng):
    fake_rows = fake.detach()
    mix = torch.rand(real.shape[0], 1, generator=rng, device=real.device)
    between = (mix * real + (1 - mix) * fake_rows).requires_grad_(True)
    rows, conditions = _discriminator_inputs(real, fake_rows, condition, negatives)
    scores = netD(rows, conditions)
    between_scores = netD(between, condition)
    real_packs = real.shape[0] // plan.pac
    (gradient,) = torch.autograd.grad(between_scores.sum(), between, create_graph=True)
    gradient_norm = gradient.reshape(between_scores.shape[0], -1).norm(dim=1)
    penalty = ((gradient_norm - 1) ** 2).mean()
    d_loss = scores[real_packs:].mean() - scores[:real_packs].mean() + plan.gp_weight * penalty
    optD.zero_grad()
    d_loss.backward()
    optD.step()

    g_loss = -netD(fake, condition).mean()
    optG.zero_grad()
    g_loss.backward()
    optG.step()
    return d_loss.detach(), g_loss.detach()
