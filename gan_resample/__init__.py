"""gan_resample: a GAN oversampler for imbalanced tables, with imbalanced-learn's API."""

from ._sampler import GANOverSampler
from ._training import TrainingDivergedWarning

__version__ = "0.1.0"

__all__ = ["GANOverSampler", "TrainingDivergedWarning", "__version__"]
