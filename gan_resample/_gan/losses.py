"""The loss steps: one discriminator update, then one generator update, for every GAN
of a batch at once (torch only).

A step is an object built once per training run with what its loss needs (the labels
of the scored packs; the rngs and the pack size of the gradient penalty) and called at
every step with the step's rows.
"""

import torch
import torch.nn.functional as F

from .batched import per_model

LOSSES = ("bce", "wgan-gp")


class LossStep:
    """One discriminator and one generator update; returns both losses, one per GAN.

    Subclasses give :meth:`discriminator_loss` and :meth:`generator_loss`.
    """

    def __call__(self, netD, optD, optG, real, fake, condition, negatives):
        """Update on ``real`` and ``fake`` rows (n_models, n_rows, n_outputs), the
        conditions of both (None unless conditional) and ``negatives``, rows of other
        classes with their condition (None when other_class_ratio is 0)."""
        d_loss = self.discriminator_loss(netD, real, fake.detach(), condition, negatives)
        _update(optD, d_loss)
        # the discriminator's weights need no gradient here: its step has been taken
        weights = netD.weights
        for p in weights:
            p.requires_grad_(False)
        try:
            g_loss = self.generator_loss(netD(fake, condition))
        finally:
            for p in weights:
                p.requires_grad_(True)
        _update(optG, g_loss)
        return d_loss.detach(), g_loss.detach()

    def discriminator_loss(self, netD, real, fake, condition, negatives):
        raise NotImplementedError

    def generator_loss(self, scores):
        raise NotImplementedError


class NonSaturatingStep(LossStep):
    """The non-saturating GAN loss (``"bce"``): real packs are labelled 1, generated
    packs and packs of other classes 0."""

    def __init__(self, n_packs, n_negative_packs, device):
        self.is_real = torch.cat([
            torch.ones(n_packs, 1), torch.zeros(n_packs + n_negative_packs, 1)
        ]).to(device)

    def discriminator_loss(self, netD, real, fake, condition, negatives):
        rows, conditions = _discriminator_inputs(real, fake, condition, negatives)
        return _cross_entropy(netD(rows, conditions), self.is_real)

    def generator_loss(self, scores):
        return _cross_entropy(scores, self.is_real[: scores.shape[1]])


class WassersteinGPStep(LossStep):
    """The Wasserstein loss with a gradient penalty (``"wgan-gp"``) on points between
    real and generated rows, mixed with each GAN's own rng."""

    def __init__(self, rngs, pac, gp_weight=10.0):
        self.rngs, self.pac, self.gp_weight = rngs, pac, gp_weight

    def discriminator_loss(self, netD, real, fake, condition, negatives):
        n_models, n_real = real.shape[:2]
        mix = per_model(
            self.rngs, lambda rng: torch.rand(n_real, 1, generator=rng, device=real.device)
        )
        between = (mix * real + (1 - mix) * fake).requires_grad_(True)
        rows, conditions = _discriminator_inputs(real, fake, condition, negatives)
        scores = netD(rows, conditions)
        between_scores = netD(between, condition)
        real_packs = n_real // self.pac
        (gradient,) = torch.autograd.grad(between_scores.sum(), between, create_graph=True)
        gradient_norm = gradient.reshape(n_models, real_packs, -1).norm(dim=2)
        penalty = ((gradient_norm - 1) ** 2).mean(dim=1)
        return (
            scores[:, real_packs:].mean(dim=(1, 2)) - scores[:, :real_packs].mean(dim=(1, 2))
            + self.gp_weight * penalty
        )

    def generator_loss(self, scores):
        return -scores.mean(dim=(1, 2))


def loss_step(loss, *, n_packs, n_negative_packs, rngs, pac, device):
    """The step of loss ``loss`` (one of :data:`LOSSES`)."""
    if loss == "bce":
        return NonSaturatingStep(n_packs, n_negative_packs, device)
    return WassersteinGPStep(rngs, pac)


def _discriminator_inputs(real, fake, condition, negatives):
    rows, conditions = [real, fake], [condition, condition]
    if negatives is not None:
        rows.append(negatives[0])
        conditions.append(negatives[1])
    both = None if condition is None else torch.cat(conditions, dim=1)
    return torch.cat(rows, dim=1), both


def _cross_entropy(scores, is_real):
    return F.binary_cross_entropy_with_logits(
        scores, is_real.expand_as(scores), reduction="none"
    ).mean(dim=(1, 2))


def _update(optimiser, loss):
    optimiser.zero_grad()
    loss.sum().backward()
    optimiser.step()
