"""Generator and discriminator modules, and drawing rows from a trained generator
(torch only, nothing of scikit-learn).

Both networks are small multi-layer perceptrons. Their weights are initialised from an
explicit ``torch.Generator`` (called ``rng`` here, to keep "generator" for the network),
never from torch's global random state, so that building a network neither depends on
nor disturbs the caller's seeds.

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


def _seeded_linear(n_in, n_out, rng, device):
    """A ``Linear`` layer initialised like torch's default, from ``rng``.

    The layer is assembled from empty parameters rather than built by ``nn.Linear``
    (whose own initialisation draws from torch's global random state) or by
    ``torch.nn.utils.skip_init`` (which imports torch's symbolic-shape machinery on its
    first call, about 0.35 s of every fresh process's first fit).
    """
    layer = nn.Linear.__new__(nn.Linear)
    nn.Module.__init__(layer)
    layer.in_features, layer.out_features = n_in, n_out
    layer.weight = nn.Parameter(torch.empty((n_out, n_in), device=device))
    layer.bias = nn.Parameter(torch.empty(n_out, device=device))
    with torch.no_grad():
        nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=rng)
        bound = 1.0 / math.sqrt(n_in)
        nn.init.uniform_(layer.bias, -bound, bound, generator=rng)
    return layer


def _perceptron(n_in, hidden_sizes, n_out, rng, device, slope):
    layers, width = [], n_in
    for size in hidden_sizes:
        layers += [_seeded_linear(width, size, rng, device), nn.LeakyReLU(slope)]
        width = size
    layers.append(_seeded_linear(width, n_out, rng, device))
    return nn.Sequential(*layers)


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
        self.register_buffer("block_index", index.to(device))
        self.register_buffer("block_valid", valid.to(device))
        self.register_buffer("discrete_columns", index[valid].to(device))
        self.register_buffer("numeric_columns", torch.nonzero(~discrete)[:, 0].to(device))
        self.register_buffer("is_discrete", discrete.to(device))

    @property
    def has_discrete(self):
        return self.discrete_columns.numel() > 0

    def forward(self, raw, rng, tau=0.2, hard=False, logit_bias=None):
        if not self.has_discrete:
            return raw
        logits = raw if logit_bias is None else raw + logit_bias
        blocks = logits[:, self.block_index].masked_fill(~self.block_valid, -torch.inf)
        uniform = torch.rand(blocks.shape, generator=rng, device=raw.device, dtype=raw.dtype)
        gumbel = -torch.log(-torch.log(uniform.clamp_min(1e-20)))
        perturbed = blocks + gumbel
        if hard:
            probs = torch.zeros_like(perturbed).scatter_(
                -1, perturbed.argmax(dim=-1, keepdim=True), 1.0
            )
        else:
            probs = torch.softmax(perturbed / tau, dim=-1)
        return raw.index_copy(1, self.discrete_columns, probs[:, self.block_valid])


class CopulaStart(nn.Module):
    """A Gaussian copula of the class: numeric noise mixed by a trainable linear map
    initialised to a square root of the numeric columns' covariance, one-hot blocks at
    their observed frequencies (``initial_logits``). The mixed noise is also an input of
    the perceptron."""

    def __init__(self, layout, initial_logits, initial_mixing):
        super().__init__()
        self.n_inputs = int(layout.numeric_columns.numel())
        self.register_buffer("numeric_columns", layout.numeric_columns.clone())
        self.register_buffer("logits", torch.as_tensor(initial_logits).clone())
        self.mixing = nn.Parameter(torch.as_tensor(initial_mixing).clone())

    def forward(self, n_rows, codes, rng):
        device = self.logits.device
        noise = torch.randn(n_rows, self.n_inputs, generator=rng, device=device)
        base = self.logits.expand(n_rows, -1).index_add(
            1, self.numeric_columns, noise @ self.mixing.T
        )
        return noise, base


class InterpolationStart(nn.Module):
    """SMOTE's draw: a row of the class, one of its ``k`` nearest neighbours of the same
    class, and a point between them.

    Numeric columns interpolate, ``a + t (b - a)``; each one-hot block takes ``b``'s
    category with probability ``t``, on a draw of its own (so its expected value is the
    same interpolation, and blocks mix the two rows' categories as new combinations).
    The chosen category enters the raw output as a logit of ``4 + log(width)``, so that
    the Gumbel draw keeps it about 98 % of the time until training says otherwise.

    Parameters
    ----------
    rows : Tensor (n_rows, n_outputs)
        The model-space rows anchors are drawn from.
    neighbours : Tensor (n_rows, k) of row indices
        Each row's nearest neighbours within its class; ``n_neighbours[i]`` of them are
        valid.
    labels : Tensor (n_rows,) or None
        Class codes, for a conditional generator; anchors of class ``c`` come from the
        rows of class ``c``.
    """

    def __init__(self, layout, rows, neighbours, n_neighbours, labels, n_classes,
                 discrete_blocks):
        super().__init__()
        self.n_inputs = rows.shape[1]
        device = rows.device
        # the raw output is the anchor times this: 1 on numeric columns, the chosen
        # category's logit strength on one-hot ones
        logit_scale = torch.ones(rows.shape[1], dtype=rows.dtype, device=device)
        block_of_column = torch.zeros(rows.shape[1], dtype=torch.long, device=device)
        for b, (start, stop) in enumerate(discrete_blocks):
            logit_scale[start:stop] = 4.0 + math.log(stop - start)
            block_of_column[start:stop] = b
        self.n_blocks = len(discrete_blocks)
        self.register_buffer("block_of_column", block_of_column)
        self.register_buffer("rows", rows)
        self.register_buffer("neighbours", neighbours)
        self.register_buffer("n_neighbours", n_neighbours)
        self.register_buffer("logit_scale", logit_scale)
        self.register_buffer("is_discrete", layout.is_discrete.clone())
        if labels is None:
            labels = torch.zeros(rows.shape[0], dtype=torch.long, device=device)
            n_classes = 1
        order, counts, starts = class_blocks(labels, n_classes)
        self.register_buffer("order", order)
        self.register_buffer("counts", counts)
        self.register_buffer("starts", starts)

    def forward(self, n_rows, codes, rng):
        device = self.rows.device
        if codes is None:
            codes = torch.zeros(n_rows, dtype=torch.long, device=device)
        first = uniform_index(self.counts[codes], rng)
        first = self.order[self.starts[codes] + first]
        pick = uniform_index(self.n_neighbours[first], rng)
        second = self.neighbours[first, pick]
        gap = torch.rand(n_rows, 1, generator=rng, device=device)
        a, b = self.rows[first], self.rows[second]
        anchor = a + gap * (b - a)
        if self.n_blocks:
            choice = torch.rand(n_rows, self.n_blocks, generator=rng, device=device)
            parent = torch.where(choice[:, self.block_of_column] < gap, b, a)
            anchor = torch.where(self.is_discrete, parent, anchor)
        return anchor, anchor * self.logit_scale


def class_blocks(labels, n_classes):
    """Rows grouped by class: ``(order, counts, starts)``, where the rows of class
    ``c`` are ``order[starts[c] : starts[c] + counts[c]]``."""
    counts = torch.bincount(labels, minlength=n_classes)
    return torch.argsort(labels, stable=True), counts, torch.cumsum(counts, 0) - counts


def uniform_index(counts, rng):
    """For each entry of ``counts``, a uniform integer in ``[0, count)``."""
    offsets = torch.rand(counts.shape, generator=rng, device=counts.device) * counts
    return offsets.long().clamp_max(counts - 1)


_DRAW_BLOCK = 64


class Generator(nn.Module):
    """Maps noise, the start's draw and (when conditional) the class to model-space
    rows: ``raw = start + perceptron(noise, start inputs, class)``, then one-hot blocks
    through the Gumbel-softmax of :class:`OutputLayout`.

    The perceptron's last layer starts at zero, so the untrained generator draws
    exactly from its start.
    """

    def __init__(self, latent_dim, n_classes, hidden_sizes, layout, start, *, rng, device,
                 tau=0.2):
        super().__init__()
        self.latent_dim = latent_dim
        self.n_classes = n_classes
        self.hidden_sizes = tuple(hidden_sizes)
        self.tau = tau
        self.layout = layout
        self.start = start
        self.body = _perceptron(
            latent_dim + start.n_inputs + n_classes, hidden_sizes, layout.n_outputs,
            rng, device, 0.2,
        )
        with torch.no_grad():
            self.body[-1].weight.zero_()
            self.body[-1].bias.zero_()

    @property
    def device(self):
        return self.layout.block_index.device

    def condition(self, codes):
        """The one-hot class rows for ``codes`` (None when unconditional)."""
        if codes is None or self.n_classes == 0:
            return None
        return F.one_hot(codes, self.n_classes).to(torch.float32)

    def forward(self, n_rows, codes, *, rng, hard=False, logit_bias=None):
        noise = torch.randn(n_rows, self.latent_dim, generator=rng, device=self.device)
        start_inputs, base = self.start(n_rows, codes, rng)
        inputs = [noise, start_inputs]
        if self.n_classes:
            inputs.append(self.condition(codes))
        raw = base + self.body(torch.cat(inputs, dim=1))
        return self.layout(raw, rng, self.tau, hard, logit_bias)

    @torch.no_grad()
    def draw(self, n_rows, *, rng, code=None, logit_bias=None):
        """``n_rows`` model-space rows with hard one-hot blocks, of class ``code``
        (conditional generators).

        Rows are made in fixed blocks, so that drawing ``n`` rows gives the first ``n``
        rows of any larger draw from the same ``rng`` state, and drawing ``m`` blocks,
        then ``m'``, equals drawing ``m + m'`` at once (torch's samplers otherwise fill a
        tensor differently depending on its size).
        """
        codes = None
        if self.n_classes:
            codes = torch.full((_DRAW_BLOCK,), code, dtype=torch.long, device=self.device)
        blocks = [
            self(_DRAW_BLOCK, codes, rng=rng, hard=True, logit_bias=logit_bias)
            for _ in range(-(-n_rows // _DRAW_BLOCK))
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
    when that device is available here and on the CPU otherwise."""
    settings, arrays = state["settings"], state["arrays"]
    device = torch.device(settings["device"])
    if device.type == "cuda" and not torch.cuda.is_available():
        device = torch.device("cpu")
    blocks = [tuple(block) for block in settings["discrete_blocks"]]
    n_outputs, n_classes = settings["n_outputs"], settings["n_classes"]
    layout = OutputLayout(n_outputs, blocks, device)
    # placeholders of the right shapes; load_state_dict fills in every tensor
    if settings["start"] == "copula":
        mixing = torch.zeros(arrays["start.mixing"].shape)
        start = CopulaStart(layout, torch.zeros(n_outputs), mixing)
    else:
        n_rows, k = arrays["start.neighbours"].shape
        labels = None if n_classes == 0 else torch.zeros(n_rows, dtype=torch.long)
        start = InterpolationStart(
            layout, torch.zeros(n_rows, n_outputs, device=device),
            torch.zeros(n_rows, k, dtype=torch.long, device=device),
            torch.ones(n_rows, dtype=torch.long, device=device),
            None if labels is None else labels.to(device), n_classes, blocks,
        )
    netG = Generator(
        settings["latent_dim"], n_classes, settings["hidden_sizes"], layout, start,
        rng=torch.Generator(device=device), device=device, tau=settings["tau"],
    )
    netG.load_state_dict({name: torch.from_numpy(np.array(a)) for name, a in arrays.items()})
    return netG.to(device).eval()


class RowStream:
    """Draws model-space rows of one class from a trained generator, block after block,
    as numpy arrays; successive ``take`` calls continue one seeded stream.

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

    def take(self, n_rows):
        """The next ``n_rows`` rows, rounded up to whole blocks (the caller keeps what
        it needs)."""
        n_rows = -(-n_rows // _DRAW_BLOCK) * _DRAW_BLOCK
        rows = self.generator.draw(n_rows, rng=self.rng, code=self.code, logit_bias=self.bias)
        return rows.cpu().numpy()


class Discriminator(nn.Module):
    """Scores packs of ``pac`` rows (PacGAN) as real or generated."""

    def __init__(self, n_inputs, n_classes, hidden_sizes, pac, *, rng, device):
        super().__init__()
        self.pac = pac
        self.body = _perceptron((n_inputs + n_classes) * pac, hidden_sizes, 1, rng, device, 0.2)

    def forward(self, rows, condition=None):
        if condition is not None:
            rows = torch.cat([rows, condition], dim=1)
        return self.body(rows.reshape(rows.shape[0] // self.pac, -1))
