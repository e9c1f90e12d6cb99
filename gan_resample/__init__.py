"""gan_resample: a GAN oversampler for imbalanced tables, with imbalanced-learn's API."""

from ._drawing import CopiedRowsWarning
from ._persistence import InconsistentVersionWarning
from ._sampler import GANOverSampler
from ._training import TrainingDivergedWarning

__version__ = "0.1.0"

__all__ = [
    "CopiedRowsWarning",
    "GANOverSampler",
    "InconsistentVersionWarning",
    "TrainingDivergedWarning",
    "__version__",
]
