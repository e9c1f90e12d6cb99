"""Which GANs a fit trains and which classes each one learns: the one place where
``mode="per_class"`` and ``mode="conditional"`` differ.

Both modes give the sampler the same things: the classes that get an encoder of
their own, the tables the GANs learn, their seeds, names and history keys, and which
generator draws each class. Drawing needs no mode: a conditional generator takes the
class's code, and a per-class generator ignores it.
"""

import numpy as np
import torch

from .._shared.labels import shown
from .tables import GANTables, model_spaces

MODES = ("per_class", "conditional")


def gans_for(mode, classes, oversampled):
    """The GANs of ``mode`` for a fit on ``classes`` (sorted) that oversamples
    ``oversampled``."""
    return ConditionalGAN(classes) if mode == "conditional" else PerClassGANs(
        classes, oversampled)


class _GANs:
    def __init__(self, classes):
        self.classes = classes

    def tables(self, encoders, columns, y, device):
        """The rows the GANs learn, each class in its own model space."""
        first = encoders[self.encoded[0]]
        return GANTables(
            model_spaces([encoders[c] for c in self.encoded], columns, device),
            torch.from_numpy(np.searchsorted(self.classes, y)).to(device),
            len(self.classes), self.learned_codes, first.discrete_blocks,
            torch.from_numpy(first.carried_codes(columns)).to(device),
        )

    def seeds(self, training_seeds):
        return [training_seeds[code] for code in self.seed_codes]


class PerClassGANs(_GANs):
    """One GAN per class to oversample, each on its class's rows in its own model
    space, trained together as one batched model."""

    def __init__(self, classes, oversampled):
        super().__init__(classes)
        self.encoded = list(oversampled)
        self.history_keys = list(oversampled)
        self.names = [f"class {shown(c)}" for c in oversampled]
        # each GAN learns its class's code and trains on that class's seed
        self.learned_codes = self.seed_codes = [
            int(np.searchsorted(classes, c)) for c in oversampled]

    def generators(self, trained):
        return {c: generator for c, (generator, _) in zip(self.encoded, trained)}


class ConditionalGAN(_GANs):
    """One GAN over every class, conditioned on the class; each class keeps its own
    model space, and the one generator draws every class."""

    def __init__(self, classes):
        super().__init__(classes)
        self.encoded = list(classes)
        self.history_keys = ["conditional"]
        self.names = ["all classes (conditional)"]
        self.learned_codes, self.seed_codes = None, [0]

    def generators(self, trained):
        (generator, _), = trained
        return {c: generator for c in self.classes}
