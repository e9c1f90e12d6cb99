"""gan_resample: a GAN oversampler for imbalanced tables, with imbalanced-learn's API."""

from ._sampler import GANOverSampler
from ._saving import legacy_paths
from ._saving.skops_file import load_sampler
from ._version import __version__
from .exceptions import (
    ColumnWarning,
    CopiedRowsWarning,
    InconsistentVersionWarning,
    TrainingDivergedWarning,
)

# Saved files name the class by its public path, so that they load (and skops trusts
# them) whatever private module defines it.
GANOverSampler.__module__ = __name__
# Files pickled before the schema name the modules that held their objects then.
legacy_paths.register()

__all__ = [
    "ColumnWarning",
    "CopiedRowsWarning",
    "GANOverSampler",
    "InconsistentVersionWarning",
    "TrainingDivergedWarning",
    "__version__",
    "load_sampler",
]
