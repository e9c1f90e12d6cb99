"""gan_resample: a GAN oversampler for imbalanced tables, with imbalanced-learn's API."""

from ._sampler import GANOverSampler
from ._drawing import CopiedRowsWarning
from ._training import TrainingDivergedWarning

__version__ = "0.1.0"

__all__ = ["CopiedRowsWarning", "GANOverSampler", "TrainingDivergedWarning", "__version__"]
