"""A plain Adam optimiser on torch's foreach operations.

``torch.optim.Adam.step`` imports the compiler stack (``torch._dynamo``) on its first
call in a process, about a second on these machines, which every fresh process and
every joblib worker would pay on its first fit; for networks this small that is more
than the whole training. The update is Adam's (Kingma and Ba 2015), without weight
decay or amsgrad.
"""

import torch


class Adam:
    """Adam over parameters that it moves into one flat buffer, so that each update
    is a handful of operations on one tensor, whatever the number of layers (the
    networks are small enough that per-operation overhead dominates the step)."""

    def __init__(self, parameters, lr, betas=(0.9, 0.999), eps=1e-8):
        self.parameters = [p for p in parameters if p.requires_grad]
        self.lr, (self.beta1, self.beta2), self.eps = lr, betas, eps
        with torch.no_grad():
            self.flat = torch.cat([p.detach().reshape(-1) for p in self.parameters])
        offset = 0
        for p in self.parameters:
            # the parameter becomes a view of the buffer: updating one updates both
            p.data = self.flat[offset : offset + p.numel()].view_as(p)
            offset += p.numel()
        self.means = torch.zeros_like(self.flat)
        self.squares = torch.zeros_like(self.flat)
        self.steps = 0

    def zero_grad(self):
        for p in self.parameters:
            p.grad = None

    @torch.no_grad()
    def step(self):
        self.steps += 1
        grad = torch.cat([
            torch.zeros(p.numel(), device=p.device) if p.grad is None else p.grad.reshape(-1)
            for p in self.parameters
        ])
        self.means.lerp_(grad, 1 - self.beta1)
        self.squares.mul_(self.beta2).addcmul_(grad, grad, value=1 - self.beta2)
        bias1 = 1 - self.beta1**self.steps
        bias2 = 1 - self.beta2**self.steps
        denominator = (self.squares.sqrt() / bias2**0.5).add_(self.eps)
        self.flat.addcdiv_(self.means, denominator, value=-self.lr / bias1)
