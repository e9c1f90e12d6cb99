"""Warnings pointed at the caller's own code, however deep the call: a pipeline, a
grid search, ``fit`` or ``sample``."""

import sys
import warnings
from pathlib import Path

import imblearn
import joblib
import sklearn

_LIBRARIES = tuple(str(Path(module.__file__).parent)
                   for module in (sys.modules[__package__.partition(".")[0]], imblearn,
                                  joblib, sklearn))


def warn(message, category):
    """``warnings.warn(message, category)`` with the ``stacklevel`` of the first frame
    outside gan_resample, imbalanced-learn, joblib and scikit-learn."""
    frame, level = sys._getframe(0), 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_LIBRARIES):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)
