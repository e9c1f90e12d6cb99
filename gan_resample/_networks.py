"""Generator and discriminator modules (torch only, nothing of scikit-learn).

Both are small multi-layer perceptrons. Their weights are initialised from an explicit
``torch.Generator``, never from torch's global random state, so that building a
network neither depends on nor disturbs the caller's seeds.
"""

import math

import torch
from torch import nn


def _seeded_linear(n_in, n_out, generator, device):
    """A ``Linear`` layer initialised like torch's default, from ``generator``."""
    layer = torch.nn.utils.skip_init(nn.Linear, n_in, n_out, device=device)
    with torch.no_grad():
        nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=generator)
        bound = 1.0 / math.sqrt(n_in)
        nn.init.uniform_(layer.bias, -bound, bound, generator=generator)
    return layer


def _perceptron(n_in, hidden_sizes, n_out, generator, device, slope):
    layers, width = [], n_in
    for size in hidden_sizes:
        layers += [_seeded_linear(width, size, generator, device), nn.LeakyReLU(slope)]
        width = size
    layers.append(_seeded_linear(width, n_out, generator, device))
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
        self.n_outputs = n_outputs
        self.register_buffer("block_index", index.to(device))
        self.register_buffer("block_valid", valid.to(device))
        self.register_buffer("discrete_columns", index[valid].to(device))

    @property
    def has_discrete(self):
        return self.discrete_columns.numel() > 0

    def forward(self, raw, generator, tau=0.2, hard=False, logit_bias=None):
        if not self.has_discrete:
            return raw
        logits = raw if logit_bias is None else raw + logit_bias
        blocks = logits[:, self.block_index].masked_fill(~self.block_valid, -torch.inf)
        uniform = torch.rand(
            blocks.shape, generator=generator, device=raw.device, dtype=raw.dtype
        )
        gumbel = -torch.log(-torch.log(uniform.clamp_min(1e-20)))
        perturbed = blocks + gumbel
        if hard:
            probs = torch.zeros_like(perturbed).scatter_(
                -1, perturbed.argmax(dim=-1, keepdim=True), 1.0
            )
        else:
            probs = torch.softmax(perturbed / tau, dim=-1)
        return raw.index_copy(1, self.discrete_columns, probs[:, self.block_valid])


_DRAW_BLOCK = 64


class Generator(nn.Module):
    """Maps noise (and a one-hot class, when conditional) to model-space rows.

    The generator starts at a Gaussian copula of the data: its numeric outputs are
    noise inputs passed through a linear map initialised to a square root of the
    numeric columns' covariance (``initial_mixing``), so they start with the data's
    marginals (in rank-Gaussian space) and correlations; each one-hot block starts at
    its observed frequencies (``initial_logits``). The perceptron's last layer starts
    at zero and adds to that, so adversarial training only has to learn what this
    simple model misses.
    """

    def __init__(
        self, latent_dim, n_classes, hidden_sizes, n_outputs, discrete_blocks, *,
        generator, device, initial_logits, initial_mixing, tau=0.2,
    ):
        super().__init__()
        self.latent_dim = latent_dim
        self.n_classes = n_classes
        self.tau = tau
        self.layout = OutputLayout(n_outputs, discrete_blocks, device)
        discrete = set(self.layout.discrete_columns.tolist())
        numeric = [j for j in range(n_outputs) if j not in discrete]
        self.noise_dim = latent_dim + len(numeric)
        self.register_buffer(
            "numeric_columns", torch.tensor(numeric, dtype=torch.long, device=device)
        )
        self.body = _perceptron(
            self.noise_dim + n_classes, hidden_sizes, n_outputs, generator, device, 0.2
        )
        last = self.body[-1]
        with torch.no_grad():
            last.weight.zero_()
            last.bias.copy_(torch.as_tensor(initial_logits, dtype=last.bias.dtype))
        self.mixing = nn.Parameter(torch.as_tensor(initial_mixing, dtype=last.bias.dtype).clone())

    def forward(self, noise, condition=None, *, generator, hard=False, logit_bias=None):
        inputs = noise if condition is None else torch.cat([noise, condition], dim=1)
        passed = noise[:, self.latent_dim:] @ self.mixing.T
        raw = self.body(inputs).index_add(1, self.numeric_columns, passed)
        return self.layout(raw, generator, self.tau, hard, logit_bias)

    def noise(self, n_rows, generator):
        device = self.layout.block_index.device
        return torch.randn(n_rows, self.noise_dim, generator=generator, device=device)

    @torch.no_grad()
    def draw(self, n_rows, *, generator, condition=None, logit_bias=None):
        """``n_rows`` model-space rows with hard one-hot blocks.

        ``condition`` is one one-hot class row (conditional generators). Rows are made
        in fixed blocks, so that drawing ``n`` rows gives the first ``n`` rows of any
        larger draw from the same seed (torch's normal sampler otherwise fills the
        tail of a tensor differently depending on its size).
        """
        blocks = []
        for _ in range(-(-n_rows // _DRAW_BLOCK)):
            rows = None if condition is None else condition.expand(_DRAW_BLOCK, -1)
            blocks.append(self(
                self.noise(_DRAW_BLOCK, generator), rows, generator=generator, hard=True,
                logit_bias=logit_bias,
            ))
        return torch.cat(blocks)[:n_rows]


class Discriminator(nn.Module):
    """Scores packs of ``pac`` rows (PacGAN) as real or generated."""

    def __init__(self, n_inputs, n_classes, hidden_sizes, pac, *, generator, device):
        super().__init__()
        self.pac = pac
        self.body = _perceptron(
            (n_inputs + n_classes) * pac, hidden_sizes, 1, generator, device, 0.2
        )

    def forward(self, rows, condition=None):
        if condition is not None:
            rows = torch.cat([rows, condition], dim=1)
        return self.body(rows.reshape(rows.shape[0] // self.pac, -1))
