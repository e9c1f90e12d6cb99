"""The loss steps: one discriminator and one generator update (torch only)."""

import torch
import torch.nn.functional as F

from ._batched import per_model


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


def bce_step(netD, optD, optG, real, fake, condition, negatives, targets, plan, rngs):
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


def wgan_gp_step(netD, optD, optG, real, fake, condition, negatives, targets, plan, rngs):
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
