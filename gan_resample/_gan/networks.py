"""The generator and discriminator modules (torch only, nothing of scikit-learn).

Both networks are small multi-layer perceptrons (:mod:`._batched`), holding one model
per GAN of a batch along a leading axis; a fitted generator is one model of the stack
(:meth:`Generator.member`). Their weights are initialised from an explicit
``torch.Generator`` (called ``rng`` here, to keep "generator" for the network), never
from torch's global random state, so that building a network neither depends on nor
disturbs the caller's seeds.

The generator's output is added to its *start* (:mod:`._starts`), a simple model of
the class that training corrects.
"""

import torch
import torch.nn.functional as F
from torch import nn

from .batched import StackedPerceptron, per_model
from .starts import StartNoise


class OutputLayout(nn.Module):
    """Turns raw generator outputs into model-space rows.

    Numeric entries pass through unchanged; each one-hot block becomes a Gumbel-softmax
    (soft, for training) or a one-hot draw from the block's categorical distribution
    (hard, for sampling). All blocks are handled in one padded tensor operation,
    whatever their number.
    """

    def __init__(self, n_outputs, discrete_blocks, device):
        super().__init__()
        widest = max((stop - first for first, stop in discrete_blocks), default=0)
        index = torch.zeros((len(discrete_blocks), widest), dtype=torch.long)
        valid = torch.zeros((len(discrete_blocks), widest), dtype=torch.bool)
        for b, (first, stop) in enumerate(discrete_blocks):
            index[b, : stop - first] = torch.arange(first, stop)
            valid[b, : stop - first] = True
        discrete = torch.zeros(n_outputs, dtype=torch.bool)
        discrete[index[valid]] = True
        self.n_outputs = n_outputs
        self.discrete_blocks = [(int(first), int(stop)) for first, stop in discrete_blocks]
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


# The largest networks a sampler may build: a layer's width (the noise's too) and the
# number of hidden layers. The parameter checks and the loader of saved files share
# them, so that every sampler that fits also loads.
MAX_WIDTH = 2**16
MAX_LAYERS = 64

# Rows are drawn in blocks of this size; large enough that drawing a million rows is
# not dominated by per-call overhead, small enough that a few rows cost little.
DRAW_BLOCK = 1024


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

    def __init__(self, latent_dim, n_conditions, hidden_sizes, layout, start, *, rngs, device,
                 tau=0.2):
        super().__init__()
        self.latent_dim = latent_dim
        self.n_conditions = n_conditions
        self.hidden_sizes = tuple(hidden_sizes)
        self.tau = tau
        self.layout = layout
        self.start = start
        self.body = StackedPerceptron(
            start.n_models, latent_dim + start.n_inputs + n_conditions, hidden_sizes,
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

    @property
    def n_carried(self):
        """The carried columns, whose levels the start draws."""
        return self.start.carried.shape[1]

    def condition(self, codes):
        """The one-hot class rows for ``codes`` (None when unconditional)."""
        if codes is None or self.n_conditions == 0:
            return None
        return F.one_hot(codes, self.n_conditions).to(torch.float32)

    def forward(self, n_rows, codes, *, rngs, hard=False, logit_bias=None, with_levels=False):
        """Rows of shape (n_models, n_rows, n_outputs); ``codes`` (n_models, n_rows)
        for a conditional generator, else None. ``with_levels``: also the carried
        columns' levels, (n_models, n_rows, n_carried) or None, which the start draws
        and no network changes."""
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
        # training never reads the levels: the start leaves them out unless asked
        start_inputs, base, levels = self.start(
            StartNoise(codes, normals[..., self.latent_dim:], uniforms[..., :split]),
            with_levels,
        )
        inputs = [normals[..., : self.latent_dim], start_inputs]
        if self.n_conditions:
            inputs.append(self.condition(codes))
        raw = base + self.body(torch.cat(inputs, dim=2))
        rows = self.layout(raw, uniforms[..., split:], self.tau, hard, logit_bias)
        return (rows, levels) if with_levels else rows

    def member(self, m):
        """Model ``m`` alone, as a generator of its own (a copy)."""
        netG = Generator.__new__(Generator)
        nn.Module.__init__(netG)
        netG.latent_dim, netG.n_conditions = self.latent_dim, self.n_conditions
        netG.hidden_sizes, netG.tau = self.hidden_sizes, self.tau
        netG.layout = self.layout
        netG.start = self.start.member(m, self.layout)
        netG.body = self.body.member(m)
        return netG.train(self.training)

    @torch.no_grad()
    def draw(self, n_rows, *, rng, code=None, logit_bias=None, block=DRAW_BLOCK):
        """``n_rows`` model-space rows with hard one-hot blocks, of class ``code``
        (conditional generators), from a generator of one model.

        Rows are made in fixed blocks of ``block`` rows, so that drawing ``n`` rows
        gives the first ``n`` rows of any larger draw from the same ``rng`` state, and
        drawing ``m`` blocks, then ``m'``, equals drawing ``m + m'`` at once (torch's
        samplers otherwise fill a tensor differently depending on its size).
        """
        return self.draw_with_levels(n_rows, rng=rng, code=code, logit_bias=logit_bias,
                                     block=block)[0]

    @torch.no_grad()
    def draw_with_levels(self, n_rows, *, rng, code=None, logit_bias=None, block=DRAW_BLOCK):
        """:meth:`draw`'s rows and the carried columns' levels of each, an
        (n_rows, n_carried) tensor of category codes (no column when none is carried)."""
        codes = None
        if self.n_conditions:
            codes = torch.full((1, block), code, dtype=torch.long, device=self.device)
        rows, levels = [], []
        for _ in range(-(-n_rows // block)):
            drawn, carried = self(block, codes, rngs=[rng], hard=True, logit_bias=logit_bias,
                                  with_levels=True)
            rows.append(drawn[0])
            levels.append(carried[0] if self.n_carried else torch.zeros(
                (block, 0), dtype=torch.long, device=self.device))
        return torch.cat(rows)[:n_rows], torch.cat(levels)[:n_rows]


class Discriminator(nn.Module):
    """Scores packs of ``pac`` rows (PacGAN) as real or generated, one batched
    perceptron per model: rows (n_models, n_rows, n_inputs) give scores (n_models,
    n_rows // pac, 1)."""

    def __init__(self, n_models, n_inputs, n_conditions, hidden_sizes, pac, *, rngs, device):
        super().__init__()
        self.pac = pac
        self.body = StackedPerceptron(
            n_models, (n_inputs + n_conditions) * pac, hidden_sizes, 1, rngs, device
        )
        self.weights = list(self.parameters())

    def forward(self, rows, condition=None):
        if condition is not None:
            rows = torch.cat([rows, condition], dim=2)
        n_models, n_rows = rows.shape[:2]
        return self.body(rows.reshape(n_models, n_rows // self.pac, -1))
