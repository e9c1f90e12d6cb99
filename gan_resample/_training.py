"""The adversarial training loop (torch only, nothing of scikit-learn).

The GANs of all classes to oversample are trained together, as one batched model (see
:mod:`._networks`): one step updates every class's GAN, so ``k`` classes cost far less
than ``k`` runs of the loop. Data lives in one tensor per model space; batches are
drawn by index with each GAN's seeded generator (no DataLoader: for in-memory rows it
costs more than the step itself). The loop counts steps, not epochs, so a class of 40
rows and one of 40 000 get the same budget.
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
    per_model,
    scaled_index,
)
from ._quality_signal import QualitySignal

LOSSES = ("bce", "wgan-gp")
STARTS = ("interpolation", "copula")
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


class ModelSpaces:
    """The whole table in several model spaces, each stored once where they differ.

    Every space has the same one-hot blocks (the layout comes from all rows), so those
    are kept once, as the position of each row's 1 in each block; only the numeric
    columns are kept per space. Rows taken out are exactly the rows the full
    ``(n_spaces, n_rows, n_outputs)`` tensor would hold, at a fraction of its memory
    when there are categories or several spaces (a conditional GAN has one per class).

    Parameters
    ----------
    numeric : torch.Tensor of shape (n_spaces, n_rows, n_numeric), float32
        The numeric columns of the model space, in each space.
    numeric_columns : torch.Tensor of shape (n_numeric,), int64
        Their positions in the model space.
    hot : torch.Tensor of shape (n_rows, n_blocks), int64
        For each row and one-hot block, the model-space position of its 1.
    n_outputs : int
        The width of the model space.
    """

    def __init__(self, numeric, numeric_columns, hot, n_outputs):
        self.numeric, self.numeric_columns, self.hot = numeric, numeric_columns, hot
        self.n_outputs = n_outputs

    @property
    def shape(self):
        return (self.numeric.shape[0], self.hot.shape[0], self.n_outputs)

    def take(self, spaces, rows):
        """Rows ``rows`` in spaces ``spaces`` (index tensors broadcast against each
        other), shaped ``(*rows.shape, n_outputs)``."""
        spaces, rows = torch.broadcast_tensors(spaces, rows)
        if not self.hot.shape[1]:  # all numeric: the numeric columns are the whole row
            return self.numeric[spaces, rows]
        out = torch.zeros((*rows.shape, self.n_outputs), dtype=self.numeric.dtype,
                          device=self.numeric.device)
        if self.hot.shape[1]:
            out.scatter_(-1, self.hot[rows], 1.0)
        if self.numeric_columns.numel():
            out[..., self.numeric_columns] = self.numeric[spaces, rows]
        return out

    def subset(self, spaces):
        return ModelSpaces(self.numeric[spaces], self.numeric_columns, self.hot,
                           self.n_outputs)


def model_spaces(encoders, columns, device):
    """The whole table in the model space of each of ``encoders`` (fitted
    ``TableEncoder``s of one layout): a class's own rows, and the negatives its
    discriminator sees beside them."""
    first = encoders[0]
    positions = first.numeric_positions
    numeric = np.empty((len(encoders), len(columns[0]), positions.size), dtype=np.float32)
    for i, encoder in enumerate(encoders):
        encoder.numeric_scores(columns, out=numeric[i])
    return ModelSpaces(
        torch.from_numpy(numeric).to(device), torch.from_numpy(positions).to(device),
        torch.from_numpy(first.hot_positions(columns)).to(device), first.n_outputs,
    )


class GANTables:
    """The rows a batch of GANs learns, on one device.

    Parameters
    ----------
    spaces : ModelSpaces
        The whole table encoded in each model space: per-class GANs have one space
        each (space ``m`` for the GAN of class ``targets[m]``); a conditional GAN has
        one per class (space ``c`` for class ``c``).
    labels : torch.Tensor of shape (n_rows,)
        Each row's class code, in ``[0, n_classes)``.
    n_classes : int
    targets : list of int or None
        Per-class GANs: the class code each one learns. ``None``: one conditional GAN
        over every class.
    discrete_blocks : list of (start, stop)
        One-hot blocks of the model space (the same in every space).

    A GAN's real rows are the rows of its class in its space. The discriminator also
    sees rows of the other classes in that space as negatives (conditional: rows
    outside the class of each real row, in that class's space, with its condition).
    """

    def __init__(self, spaces, labels, n_classes, targets, discrete_blocks):
        self.spaces = spaces
        self.labels = labels
        self.n_classes = n_classes
        self.targets = targets
        self.discrete_blocks = discrete_blocks
        self.order, self.counts, self.starts = class_blocks(labels, n_classes)

    @property
    def conditional(self):
        return self.targets is None

    @property
    def n_models(self):
        return 1 if self.conditional else len(self.targets)

    @property
    def n_conditions(self):
        return self.n_classes if self.conditional else 0

    def subset(self, models):
        """The tables of GANs ``models`` only (for retraining the ones that diverged)."""
        if self.conditional or list(models) == list(range(self.n_models)):
            return self
        return GANTables(
            self.spaces.subset(models), self.labels, self.n_classes,
            [self.targets[m] for m in models], self.discrete_blocks,
        )

    def rows_of(self, m):
        """Row indices of GAN ``m``'s real rows and their condition codes (None unless
        conditional)."""
        if self.conditional:
            return torch.arange(self.labels.shape[0], device=self.labels.device), self.labels
        t = self.targets[m]
        start = int(self.starts[t])
        return self.order[start : start + int(self.counts[t])], None

    def encoded(self, m, rows, codes):
        """Rows ``rows`` of the table as GAN ``m`` sees them."""
        spaces = torch.tensor(m, device=rows.device) if codes is None else codes
        return self.spaces.take(spaces, rows)


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
    start = _build_start(tables, plan, layout)
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
    draw_batch = _batch_sampler(tables, batch, n_negative, rngs)
    step_fn = _bce_step if plan.loss == "bce" else _wgan_gp_step
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


def _build_start(tables, plan, layout):
    """The generators' start, one per GAN (see :mod:`._networks`)."""
    blocks = tables.discrete_blocks
    if plan.start == "copula":
        logits, roots = [], []
        for m in range(tables.n_models):
            rows, codes = tables.rows_of(m)
            data = tables.encoded(m, rows, codes)
            logits.append(_frequency_logits(data, blocks))
            roots.append(_covariance_root(data, blocks, codes, tables.n_conditions))
        return CopulaStart(layout, torch.stack(logits), torch.stack(roots))
    anchors, neighbours, counts, labels = [], [], [], []
    for m in range(tables.n_models):
        rows, codes = tables.rows_of(m)
        kept = anchor_rows(codes, rows.shape[0], tables.n_conditions, rows.device)
        rows, codes = rows[kept], None if codes is None else codes[kept]
        data = tables.encoded(m, rows, codes)
        found, n_found = nearest_neighbours(data, codes, tables.n_conditions, plan.k_neighbors)
        anchors.append(data)
        neighbours.append(found)
        counts.append(n_found)
        labels.append(codes)
    return InterpolationStart(
        layout, anchors, neighbours, counts, labels, tables.n_conditions, blocks
    )


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


def _batch_sampler(tables, batch, n_negative, rngs):
    """A function drawing one step's rows for every GAN: ``(real, codes, negatives)``.

    ``real`` (n_models, batch, n_outputs) are rows of each GAN's class, drawn with
    replacement (conditional: classes uniform, then rows uniform within the class, so
    that small classes get as much of the generator's attention as large ones);
    ``codes`` (1, batch) are their classes (None unless conditional). ``negatives`` is
    None without contrast, else ``(rows, condition)``: ``n_negative`` rows per GAN
    from outside the class of the real rows (cycled), in that class's space, with
    its condition (None unless conditional).
    """
    spaces = tables.spaces
    n_spaces, n_rows, _ = spaces.shape
    device = tables.labels.device
    order, counts, starts = tables.order, tables.counts, tables.starts
    if not tables.conditional:
        # constant per GAN: its class, and its space
        classes = torch.tensor(tables.targets, device=device)[:, None]
        class_counts, class_starts = counts[classes], starts[classes]
        other_counts = n_rows - class_counts
        own_space = torch.arange(n_spaces, device=device)[:, None]
    cycle = torch.arange(n_negative, device=device) % batch
    size = 2 * batch + n_negative

    def draw():
        uniforms = per_model(rngs, lambda rng: torch.rand(size, generator=rng, device=device))
        codes = condition = None
        if tables.conditional:
            codes = scaled_index(tables.n_classes, uniforms[:, :batch])
            in_class = scaled_index(counts[codes], uniforms[:, batch : 2 * batch])
            real = spaces.take(codes, order[starts[codes] + in_class])
        else:
            in_class = scaled_index(class_counts, uniforms[:, batch : 2 * batch])
            real = spaces.take(own_space, order[class_starts + in_class])
        if not n_negative:
            return real, codes, None
        if tables.conditional:
            klass = codes[:, cycle]
            offsets = scaled_index(n_rows - counts[klass], uniforms[:, 2 * batch :])
            offsets = offsets + (offsets >= starts[klass]) * counts[klass]
            negatives = spaces.take(klass, order[offsets])
            condition = F.one_hot(klass, tables.n_classes).to(negatives.dtype)
        else:
            offsets = scaled_index(other_counts, uniforms[:, 2 * batch :])
            offsets = offsets + (offsets >= class_starts) * class_counts
            negatives = spaces.take(own_space, order[offsets])
        return real, codes, (negatives, condition)

    return draw


def _discriminator_inputs(real, fake, condition, negatives):
    rows, conditions = [real, fake], [condition, condition]
    if negatives is not None:
        rows.append(negatives[0])
        conditions.append(negatives[1])
    both = None if condition is None else torch.cat(conditions, dim=1)
    return torch.cat(rows, dim=1), both


def _generator_loss(netD, fake, condition, loss):
    # the discriminator's weights need no gradient here: its step has been taken
    parameters = netD.weights
    for p in parameters:
        p.requires_grad_(False)
    try:
        return loss(netD(fake, condition))
    finally:
        for p in parameters:
            p.requires_grad_(True)


def _bce_step(netD, optD, optG, real, fake, condition, negatives, targets, plan, rngs):
    rows, conditions = _discriminator_inputs(real, fake.detach(), condition, negatives)
    scores = netD(rows, conditions)
    d_loss = F.binary_cross_entropy_with_logits(
        scores, targets.expand_as(scores), reduction="none"
    ).mean(dim=(1, 2))
    optD.zero_grad()
    d_loss.sum().backward()
    optD.step()

    g_loss = _generator_loss(netD, fake, condition, lambda scores: (
        F.binary_cross_entropy_with_logits(
            scores, targets[: scores.shape[1]].expand_as(scores), reduction="none"
        ).mean(dim=(1, 2))
    ))
    optG.zero_grad()
    g_loss.sum().backward()
    optG.step()
    return d_loss.detach(), g_loss.detach()


def _wgan_gp_step(netD, optD, optG, real, fake, condition, negatives, targets, plan, rngs):
    fake_rows = fake.detach()
    n_models, n_real = real.shape[:2]
    mix = per_model(rngs, lambda rng: torch.rand(n_real, 1, generator=rng, device=real.device))
    between = (mix * real + (1 - mix) * fake_rows).requires_grad_(True)
    rows, conditions = _discriminator_inputs(real, fake_rows, condition, negatives)
    scores = netD(rows, conditions)
    between_scores = netD(between, condition)
    real_packs = n_real // plan.pac
    (gradient,) = torch.autograd.grad(between_scores.sum(), between, create_graph=True)
    gradient_norm = gradient.reshape(n_models, real_packs, -1).norm(dim=2)
    penalty = ((gradient_norm - 1) ** 2).mean(dim=1)
    d_loss = (
        scores[:, real_packs:].mean(dim=(1, 2)) - scores[:, :real_packs].mean(dim=(1, 2))
        + plan.gp_weight * penalty
    )
    optD.zero_grad()
    d_loss.sum().backward()
    optD.step()

    g_loss = _generator_loss(netD, fake, condition, lambda scores: -scores.mean(dim=(1, 2)))
    optG.zero_grad()
    g_loss.sum().backward()
    optG.step()
    return d_loss.detach(), g_loss.detach()
