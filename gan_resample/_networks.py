"""Generator and discriminator modules, and drawing rows from a trained generator
(torch only, nothing of scikit-learn).

Both networks are small multi-layer perceptrons. Their weights are initialised from an
explicit ``torch.Generator`` (called ``rng`` here, to keep "generator" for the network),
never from torch's global random state, so that building a network neither depends on
nor disturbs the caller's seeds.

Every module holds a stack of independent *models* along a leading axis: the GANs of
all classes to oversample are trained together, one batched step for all of them,
each with its own rng. Tensors are shaped (n_models, n_rows, ...). A fitted generator
is one model of the stack (:meth:`Generator.member`).

The generator does not start from nothing: its perceptron's last layer starts at zero
and its output is added to a simple model of the class, its *start*, so that
adversarial training only has to learn what that model misses. Two starts:

- :class:`InterpolationStart`: a point on the segment between a real row and one of
  its nearest neighbours of the same class, as SMOTE draws it; the perceptron sees the
  point and learns a correction. At step 0 the generator is SMOTE.
- :class:`CopulaStart`: a Gaussian copula of the class (noise mixed by a square root
  of the class's covariance, one-hot blocks at their observed frequencies).
"""

import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def per_model(rngs, draw):
    """``draw(rng)`` for each model's generator, stacked along a leading model axis.

    Every model draws from its own ``torch.Generator``, so a model's numbers do not
    depend on how many models are trained beside it.
    """
    if len(rngs) == 1:
        return draw(rngs[0])[None]
    return torch.stack([draw(rng) for rng in rngs])


def scaled_index(counts, uniforms):
    """For each entry of ``counts``, an integer in ``[0, count)`` from a uniform in
    ``[0, 1)``."""
    return (uniforms * counts).long().clamp_max(counts - 1)


class StackedLinear(nn.Module):
    """``n_models`` independent linear layers, applied to a batch per model at once:
    inputs of shape (n_models, n_rows, n_in) give (n_models, n_rows, n_out).

    Each model's weights are initialised like torch's ``Linear``, from that model's
    ``rng`` (``None`` leaves them empty, for weights about to be loaded). Weights are
    stored as (n_models, n_in, n_out), ready for ``baddbmm``.
    """

    def __init__(self, n_models, n_in, n_out, rngs, device):
        super().__init__()
        self.n_in, self.n_out = n_in, n_out
        self.weight = nn.Parameter(torch.empty((n_models, n_in, n_out), device=device))
        self.bias = nn.Parameter(torch.empty((n_models, 1, n_out), device=device))
        if rngs is None:
            return
        bound = 1.0 / math.sqrt(n_in)
        with torch.no_grad():
            for m, rng in enumerate(rngs):
                # torch's Linear initialisation, without its draw from the global state
                nn.init.kaiming_uniform_(self.weight[m].T, a=math.sqrt(5), generator=rng)
                nn.init.uniform_(self.bias[m], -bound, bound, generator=rng)

    def forward(self, x):
        return stacked_affine(x, self.weight, self.bias)

    def member(self, m):
        layer = StackedLinear(1, self.n_in, self.n_out, None, self.weight.device)
        with torch.no_grad():
            layer.weight.copy_(self.weight[m : m + 1])
            layer.bias.copy_(self.bias[m : m + 1])
        return layer


def stacked_affine(x, weight, bias=None):
    """``x @ weight + bias`` per model: x (k, n, i), weight (k, i, o), bias (k, 1, o).

    A width of 1 (in or out) is computed elementwise: BLAS takes another path for a
    batch of one such product than for several, and a model's rows must not depend on
    how many models are trained beside it.
    """
    n_in, n_out = weight.shape[1:]
    if n_out == 1:
        out = (x * weight.transpose(1, 2)).sum(-1, keepdim=True)
    elif n_in == 1:
        out = x * weight
    elif bias is not None:
        return torch.baddbmm(bias, x, weight)
    else:
        return torch.bmm(x, weight)
    return out if bias is None else out + bias


class StackedPerceptron(nn.Sequential):
    """A multi-layer perceptron per model, with leaky ReLUs between layers."""

    def __init__(self, n_models, n_in, hidden_sizes, n_out, rngs, device, slope=0.2):
        layers, width = [], n_in
        for size in hidden_sizes:
            layers += [StackedLinear(n_models, width, size, rngs, device), nn.LeakyReLU(slope)]
            width = size
        layers.append(StackedLinear(n_models, width, n_out, rngs, device))
        super().__init__(*layers)

    def member(self, m):
        perceptron = StackedPerceptron.__new__(StackedPerceptron)
        nn.Sequential.__init__(perceptron, *[
            layer.member(m) if isinstance(layer, StackedLinear) else layer for layer in self
        ])
        return perceptron


class OutputLayout(nn.Module):
    """Turns raw generator outputs into model-space rows.

    Numeric entries pass through unchanged; each one-hot block becomes a Gumbel-softmax
    (soft, for training) or a one-hot draw from the block's categorical distribution
    (hard, for sampling). All blocks are handled in one padded tensor operation,
    whatever their number.
    """

    def __init__(self, n_outputs, discrete_blocks, device):
        super().__init__()
        widest = max((stop - start for start, stop in discrete_blocks), default=0)
        index = torch.zeros((len(discrete_blocks), widest), dtype=torch.long)
        valid = torch.zeros((len(discrete_blocks), widest), dtype=torch.bool)
        for b, (start, stop) in enumerate(discrete_blocks):
            index[b, : stop - start] = torch.arange(start, stop)
            valid[b, : stop - start] = True
        discrete = torch.zeros(n_outputs, dtype=torch.bool)
        discrete[index[valid]] = True
        self.n_outputs = n_outputs
        self.discrete_blocks = [(int(start), int(stop)) for start, stop in discrete_blocks]
        self.n_uniforms = index.numel()
        self.register_buffer("block_index", index.to(device))
        self.register_buffer("block_valid", valid.to(device))
        self.register_buffer("discrete_columns", index[valid].to(device))
        self.register_buffer("numeric_columns", torch.nonzero(~discrete)[:, 0].to(device))
        self.register_buffer("is_discrete", discrete.to(device))
        # blocks of unequal widths are padded to the widest
        self.padded = not bool(valid.all())
        self.register_buffer(
            "valid_positions", torch.nonzero(valid.flatten())[:, 0].to(device)
        )

    @property
    def has_discrete(self):
        return self.discrete_columns.numel() > 0

    def forward(self, raw, uniforms, tau=0.2, hard=False, logit_bias=None):
        """``raw`` (n_models, n_rows, n_outputs); ``uniforms`` (n_models, n_rows,
        n_uniforms) feed the Gumbel noise."""
        if not self.has_discrete:
            return raw
        logits = raw if logit_bias is None else raw + logit_bias
        blocks = logits[..., self.block_index]
        if self.padded:
            blocks = blocks.masked_fill(~self.block_valid, -torch.inf)
        # Gumbel noise, -log(-log(u))
        perturbed = blocks - torch.log(-torch.log(uniforms.clamp_min(1e-20))).view(blocks.shape)
        if hard:
            probs = torch.zeros_like(perturbed).scatter_(
                -1, perturbed.argmax(dim=-1, keepdim=True), 1.0
            )
        else:
            probs = torch.softmax(perturbed / tau, dim=-1)
        probs = probs.flatten(-2)
        if self.padded:
            probs = probs[..., self.valid_positions]
        return raw.index_copy(2, self.discrete_columns, probs)


class CopulaStart(nn.Module):
    """A Gaussian copula of the class: numeric noise mixed by a trainable linear map
    initialised to a square root of the numeric columns' covariance, one-hot blocks at
    their observed frequencies (``initial_logits``). The mixed noise is also an input of
    the perceptron.

    ``initial_logits`` (n_models, n_outputs) and ``initial_mixing`` (n_models, m, m)
    hold one copula per model.
    """

    n_uniforms = 0

    def __init__(self, layout, initial_logits, initial_mixing):
        super().__init__()
        self.n_inputs = self.n_normals = int(layout.numeric_columns.numel())
        self.register_buffer("numeric_columns", layout.numeric_columns.clone())
        self.register_buffer("logits", torch.as_tensor(initial_logits).clone())
        self.mixing = nn.Parameter(torch.as_tensor(initial_mixing).clone())

    @property
    def n_models(self):
        return self.logits.shape[0]

    def forward(self, codes, normals, uniforms):
        n_models, n_rows = normals.shape[:2]
        base = self.logits[:, None, :].expand(n_models, n_rows, -1).index_add(
            2, self.numeric_columns, stacked_affine(normals, self.mixing)
        )
        return normals, base

    def member(self, m, layout):
        start = CopulaStart(layout, self.logits[m : m + 1], self.mixing.detach()[m : m + 1])
        return start


class InterpolationStart(nn.Module):
    """SMOTE's draw: a row of the class, one of its ``k`` nearest neighbours of the same
    class, and a point between them.

    Numeric columns interpolate, ``a + t (b - a)``; each one-hot block takes ``b``'s
    category with probability ``t``, on a draw of its own (so its expected value is the
    same interpolation, and blocks mix the two rows' categories as new combinations).
    The chosen category enters the raw output as a logit of ``4 + log(width)``, so that
    the Gumbel draw keeps it about 98 % of the time until training says otherwise.

    Holds one set of rows per model, concatenated.

    Parameters
    ----------
    rows : list of Tensor (n_rows_m, n_outputs)
        Per model, the model-space rows anchors are drawn from.
    neighbours : list of Tensor (n_rows_m, k) of row indices
        Each row's nearest neighbours within its class (indices into the model's
        rows); ``n_neighbours[m][i]`` of them are valid.
    labels : list of (Tensor (n_rows_m,) or None)
        Class codes, for a conditional generator; anchors of class ``c`` come from the
        rows of class ``c``.
    """

    n_normals = 0

    def __init__(self, layout, rows, neighbours, n_neighbours, labels, n_classes,
                 discrete_blocks):
        super().__init__()
        self.n_inputs = rows[0].shape[1]
        self.n_classes = n_classes
        device = rows[0].device
        # the raw output is the anchor times this: 1 on numeric columns, the chosen
        # category's logit strength on one-hot ones
        logit_scale = torch.ones(self.n_inputs, device=device)
        block_of_column = torch.zeros(self.n_inputs, dtype=torch.long, device=device)
        for b, (start, stop) in enumerate(discrete_blocks):
            logit_scale[start:stop] = 4.0 + math.log(stop - start)
            block_of_column[start:stop] = b
        self.n_blocks = len(discrete_blocks)
        self.n_uniforms = 3 + self.n_blocks
        self.discrete_blocks = [tuple(block) for block in discrete_blocks]
        sizes = [r.shape[0] for r in rows]
        offsets = [sum(sizes[:m]) for m in range(len(rows))]
        n_groups = max(n_classes, 1)
        groups = torch.cat([
            m * n_groups + (torch.zeros(size, dtype=torch.long, device=device)
                            if labels[m] is None else labels[m])
            for m, size in enumerate(sizes)
        ])
        order, counts, starts = class_blocks(groups, len(rows) * n_groups)
        self.register_buffer("block_of_column", block_of_column)
        self.register_buffer("rows", torch.cat(rows))
        self.register_buffer("neighbours", torch.cat(
            [n + offset for n, offset in zip(neighbours, offsets)]
        ))
        self.register_buffer("n_neighbours", torch.cat(n_neighbours))
        self.register_buffer("groups", groups)
        self.register_buffer("logit_scale", logit_scale)
        self.register_buffer("is_discrete", layout.is_discrete.clone())
        self.register_buffer("order", order)
        self.register_buffer("counts", counts)
        self.register_buffer("starts", starts)

    @property
    def n_models(self):
        return self.counts.numel() // max(self.n_classes, 1)

    def forward(self, codes, normals, uniforms):
        """``codes`` (n_models, n_rows) or None; ``uniforms`` (n_models, n_rows,
        n_uniforms)."""
        n_models = uniforms.shape[0]
        if codes is None:
            starts, counts = self.starts.view(n_models, 1), self.counts.view(n_models, 1)
        else:
            group = torch.arange(n_models, device=uniforms.device)[:, None] * self.n_classes
            group = group + codes
            starts, counts = self.starts[group], self.counts[group]
        first = self.order[starts + scaled_index(counts, uniforms[..., 0])]
        pick = scaled_index(self.n_neighbours[first], uniforms[..., 1])
        second = self.neighbours[first, pick]
        gap = uniforms[..., 2:3]
        a, b = self.rows[first], self.rows[second]
        anchor = a + gap * (b - a)
        if self.n_blocks:
            choice = uniforms[..., 3:]
            parent = torch.where(choice[..., self.block_of_column] < gap, b, a)
            anchor = torch.where(self.is_discrete, parent, anchor)
        return anchor, anchor * self.logit_scale

    def member(self, m, layout):
        n_groups = max(self.n_classes, 1)
        members = torch.nonzero(torch.div(self.groups, n_groups, rounding_mode="floor") == m)[:, 0]
        offset = int(members[0])
        labels = None if self.n_classes == 0 else self.groups[members] - m * n_groups
        return InterpolationStart(
            layout, [self.rows[members]], [self.neighbours[members] - offset],
            [self.n_neighbours[members]], [labels], self.n_classes, self.discrete_blocks,
        )


def class_blocks(labels, n_classes):
    """Rows grouped by class: ``(order, counts, starts)``, where the rows of class
    ``c`` are ``order[starts[c] : starts[c] + counts[c]]``."""
    counts = torch.bincount(labels, minlength=n_classes)
    return torch.argsort(labels, stable=True), counts, torch.cumsum(counts, 0) - counts


# Rows are drawn in blocks of this size; large enough that drawing a million rows is
# not dominated by per-call overhead, small enough that a few rows cost little.
_DRAW_BLOCK = 1024


class Generator(nn.Module):
    """Maps noise, the start's draw and (when conditional) the class to model-space
    rows: ``raw = start + perceptron(noise, start inputs, class)``, then one-hot blocks
    through the Gumbel-softmax of :class:`OutputLayout`.

    Holds ``start.n_models`` independent generators, trained together as one batched
    model (one per class to oversample); :meth:`member` takes one out. Each model draws
    its noise from its own ``rng``.

    The perceptron's last layer starts at zero, so the untrained generator draws
    exactly from its start.
    """

    def __init__(self, latent_dim, n_classes, hidden_sizes, layout, start, *, rngs, device,
                 tau=0.2):
        super().__init__()
        self.latent_dim = latent_dim
        self.n_classes = n_classes
        self.hidden_sizes = tuple(hidden_sizes)
        self.tau = tau
        self.layout = layout
        self.start = start
        self.body = StackedPerceptron(
            start.n_models, latent_dim + start.n_inputs + n_classes, hidden_sizes,
            layout.n_outputs, rngs, device,
        )
        with torch.no_grad():
            self.body[-1].weight.zero_()
            self.body[-1].bias.zero_()

    @property
    def device(self):
        return self.layout.block_index.device

    @property
    def n_models(self):
        return self.start.n_models

    def condition(self, codes):
        """The one-hot class rows for ``codes`` (None when unconditional)."""
        if codes is None or self.n_classes == 0:
            return None
        return F.one_hot(codes, self.n_classes).to(torch.float32)

    def forward(self, n_rows, codes, *, rngs, hard=False, logit_bias=None):
        """Rows of shape (n_models, n_rows, n_outputs); ``codes`` (n_models, n_rows)
        for a conditional generator, else None."""
        device = self.device
        n_normals = self.latent_dim + self.start.n_normals
        n_uniforms = self.start.n_uniforms + self.layout.n_uniforms
        normals = per_model(
            rngs, lambda rng: torch.randn(n_rows, n_normals, generator=rng, device=device)
        )
        uniforms = per_model(
            rngs, lambda rng: torch.rand(n_rows, n_uniforms, generator=rng, device=device)
        )
        split = self.start.n_uniforms
        start_inputs, base = self.start(
            codes, normals[..., self.latent_dim:], uniforms[..., :split]
        )
        inputs = [normals[..., : self.latent_dim], start_inputs]
        if self.n_classes:
            inputs.append(self.condition(codes))
        raw = base + self.body(torch.cat(inputs, dim=2))
        return self.layout(raw, uniforms[..., split:], self.tau, hard, logit_bias)

    def member(self, m):
        """Model ``m`` alone, as a generator of its own (a copy)."""
        netG = Generator.__new__(Generator)
        nn.Module.__init__(netG)
        netG.latent_dim, netG.n_classes = self.latent_dim, self.n_classes
        netG.hidden_sizes, netG.tau = self.hidden_sizes, self.tau
        netG.layout = self.layout
        netG.start = self.start.member(m, self.layout)
        netG.body = self.body.member(m)
        return netG.train(self.training)

    @torch.no_grad()
    def draw(self, n_rows, *, rng, code=None, logit_bias=None, block=_DRAW_BLOCK):
        """``n_rows`` model-space rows with hard one-hot blocks, of class ``code``
        (conditional generators), from a generator of one model.

        Rows are made in fixed blocks of ``block`` rows, so that drawing ``n`` rows
        gives the first ``n`` rows of any larger draw from the same ``rng`` state, and
        drawing ``m`` blocks, then ``m'``, equals drawing ``m + m'`` at once (torch's
        samplers otherwise fill a tensor differently depending on its size).
        """
        codes = None
        if self.n_classes:
            codes = torch.full((1, block), code, dtype=torch.long, device=self.device)
        blocks = [
            self(block, codes, rngs=[rng], hard=True, logit_bias=logit_bias)[0]
            for _ in range(-(-n_rows // block))
        ]
        return torch.cat(blocks)[:n_rows]


def generator_state(netG):
    """A trained generator as plain Python settings and numpy arrays (for pickle,
    joblib and skops alike); :func:`generator_from_state` rebuilds it."""
    settings = {
        "latent_dim": netG.latent_dim,
        "n_classes": netG.n_classes,
        "hidden_sizes": list(netG.hidden_sizes),
        "n_outputs": netG.layout.n_outputs,
        "discrete_blocks": [list(block) for block in netG.layout.discrete_blocks],
        "start": "copula" if isinstance(netG.start, CopulaStart) else "interpolation",
        "tau": netG.tau,
        "device": str(netG.device),
    }
    arrays = {name: t.detach().cpu().numpy() for name, t in netG.state_dict().items()}
    return {"settings": settings, "arrays": arrays}


def generator_from_state(state):
    """The generator saved by :func:`generator_state`, in eval mode, on its device
    when that device is available here and on the CPU otherwise.

    The layout and the start are rebuilt from the settings and the start's own data
    (rows, neighbours, classes; or the copula), never from the buffers the file
    derived from them: those must equal the rebuilt ones, and a ``ValueError`` names
    the first that does not. ``_persistence`` has checked every shape and range.
    """
    settings, arrays = state["settings"], state["arrays"]
    device = torch.device(settings["device"])
    if device.type == "cuda" and not torch.cuda.is_available():
        device = torch.device("cpu")
    cpu = torch.device("cpu")
    blocks = [tuple(block) for block in settings["discrete_blocks"]]
    n_outputs, n_classes = settings["n_outputs"], settings["n_classes"]
    layout = OutputLayout(n_outputs, blocks, cpu)
    tensors = {name: torch.from_numpy(np.array(a)) for name, a in arrays.items()}
    if settings["start"] == "copula":
        start = CopulaStart(layout, tensors["start.logits"], tensors["start.mixing"])
        learned = {"start.logits", "start.mixing"}
    else:
        groups = tensors["start.groups"]
        start = InterpolationStart(
            layout, [tensors["start.rows"]], [tensors["start.neighbours"]],
            [tensors["start.n_neighbours"]], [None if n_classes == 0 else groups],
            n_classes, blocks,
        )
        learned = {"start.rows", "start.neighbours", "start.n_neighbours", "start.groups"}
    netG = Generator(
        settings["latent_dim"], n_classes, settings["hidden_sizes"], layout, start,
        rngs=None, device=cpu, tau=settings["tau"],
    )
    rebuilt = netG.state_dict()
    for name, tensor in tensors.items():
        if name in learned or name.startswith("body."):
            continue
        if tensor.shape != rebuilt[name].shape or not torch.equal(tensor, rebuilt[name]):
            raise ValueError(
                f"Invalid saved GANOverSampler state: generator array {name!r} does not "
                "match the layout and start it is derived from."
            )
    netG.load_state_dict({**rebuilt, **{n: t for n, t in tensors.items() if n.startswith("body.")}})
    return netG.to(device).eval()


class RowStream:
    """Draws model-space rows of one class from a trained generator as numpy arrays;
    successive ``take`` calls continue one seeded stream (rows are made in whole
    blocks, and what a call does not take waits for the next).

    ``allowed`` masks the one-hot entries the class may take (categories it was seen
    with); the others get a logit of minus infinity.
    """

    def __init__(self, generator, seed, code=None, allowed=None):
        self.generator = generator
        self.code = code
        self.rng = torch.Generator(device=generator.device)
        self.rng.manual_seed(seed)
        self.bias = None
        if allowed is not None:
            allowed = torch.as_tensor(allowed, device=generator.device)
            self.bias = torch.zeros(allowed.shape, device=generator.device)
            self.bias[~allowed] = -torch.inf
        self.waiting = np.empty((0, generator.layout.n_outputs), dtype=np.float32)

    def take(self, n_rows):
        """The next ``n_rows`` rows of the stream."""
        missing = n_rows - len(self.waiting)
        if missing > 0:
            n_drawn = -(-missing // _DRAW_BLOCK) * _DRAW_BLOCK
            drawn = self.generator.draw(
                n_drawn, rng=self.rng, code=self.code, logit_bias=self.bias
            )
            self.waiting = np.concatenate([self.waiting, drawn.cpu().numpy()])
        rows, self.waiting = self.waiting[:n_rows], self.waiting[n_rows:]
        return rows


class Discriminator(nn.Module):
    """Scores packs of ``pac`` rows (PacGAN) as real or generated, one batched
    perceptron per model: rows (n_models, n_rows, n_inputs) give scores (n_models,
    n_rows // pac, 1)."""

    def __init__(self, n_models, n_inputs, n_classes, hidden_sizes, pac, *, rngs, device):
        super().__init__()
        self.pac = pac
        self.body = StackedPerceptron(
            n_models, (n_inputs + n_classes) * pac, hidden_sizes, 1, rngs, device
        )
        self.weights = list(self.parameters())

    def forward(self, rows, condition=None):
        if condition is not None:
            rows = torch.cat([rows, condition], dim=2)
        n_models, n_rows = rows.shape[:2]
        return self.body(rows.reshape(n_models, n_rows // self.pac, -1))
