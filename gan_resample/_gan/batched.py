"""Batched primitives: a stack of independent models along a leading axis (torch only).

The GANs of all classes to oversample are trained together, one batched step for all
of them, each with its own rng. Tensors are shaped (n_models, n_rows, ...), and each
model's numbers come from its own ``torch.Generator``, so that a model's rows do not
depend on how many models are trained beside it.
"""

import math

import torch
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
