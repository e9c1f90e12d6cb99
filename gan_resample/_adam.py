"""A plain Adam optimiser on torch's foreach operations.

``torch.optim.Adam.step`` imports the compiler stack (``torch._dynamo``) on its first
call in a process, about a second on these machines, which every fresh process and
every joblib worker would pay on its first fit; for networks this small that is more
than the whole training. The update is Adam's (Kingma and Ba 2015), without weight
decay or amsgrad.
"""

import torch


class Adam:
    def __init__(self, parameters, lr, betas=(0.9, 0.999), eps=1e-8):
        self.parameters = [p for p in parameters if p.requires_grad]
        self.lr, (self.beta1, self.beta2), self.eps = lr, betas, eps
        self.means = [torch.zeros_like(p) for p in self.parameters]
        self.squares = [torch.zeros_like(p) for p in self.parameters]
        self.steps = 0

    def zero_grad(self):
        for p in self.parameters:
            p.grad = None

    @torch.no_grad()
    def step(self):
        self.steps += 1
        grads = [p.grad for p in self.parameters]
        torch._foreach_lerp_(self.means, grads, 1 - self.beta1)
        torch._foreach_mul_(self.squares, self.beta2)
        torch._foreach_addcmul_(self.squares, grads, grads, value=1 - self.beta2)
        bias1 = 1 - self.beta1**self.steps
        bias2 = 1 - self.beta2**self.steps
        denominators = torch._foreach_sqrt(self.squares)
        torch._foreach_div_(denominators, bias2**0.5)
        torch._foreach_add_(denominators, self.eps)
        torch._foreach_addcdiv_(
            self.parameters, self.means, denominators, value=-self.lr / bias1
        )
