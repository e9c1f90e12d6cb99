"""gan_resample: a GAN oversampler for imbalanced tables, with imbalanced-learn's API."""

from ._column_checks import ColumnWarning
from ._drawing import CopiedRowsWarning
from ._persistence import InconsistentVersionWarning
from ._sampler import GANOverSampler
from ._training import TrainingDivergedWarning

__version__ = "0.1.0"

# Saved files name the class by its public path, so that they load (and skops trusts
# them) whatever private module defines it.
GANOverSampler.__module__ = __name__

__all__ = [
    "ColumnWarning",
    "CopiedRowsWarning",
    "GANOverSampler",
    "InconsistentVersionWarning",
    "TrainingDivergedWarning",
    "__version__",
]
