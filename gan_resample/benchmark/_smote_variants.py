"""The strongest classical oversamplers of the smote-variants package (Kovács 2019) as
imbalanced-learn samplers, so that a benchmark runs them by name beside SMOTE.

smote-variants is an optional dependency; it declares tensorflow and mkl, which these
samplers never import, so the lightest install is::

    pip install --no-deps smote-variants==1.0.1 metric-learn minisom seaborn

(its other imports, numpy, scipy, scikit-learn, pandas, matplotlib and joblib, come with
``gan-resample[bench]``).
"""

import logging
from contextlib import contextmanager
from numbers import Integral

import numpy as np
from imblearn.over_sampling.base import BaseOverSampler
from sklearn.utils import check_random_state

# benchmark name -> smote-variants class; the six leaders of Kovács' ranking but SMOBD
# (below random oversampling there and in our held-out problems)
SMOTE_VARIANTS = {
    "lee": "Lee",
    "polynom-fit-smote-star": "polynom_fit_SMOTE_star",
    "prowsyn": "ProWSyn",
    "smote-ipf": "SMOTE_IPF",
    "g-smote": "G_SMOTE",
}
INSTALL_HINT = (
    "pip install --no-deps smote-variants==1.0.1 metric-learn minisom seaborn"
)


def import_smote_variants():
    """The ``smote_variants`` module, or an ImportError that says how to install it."""
    try:
        import smote_variants
    except ImportError as exc:
        raise ImportError(
            f"The smote-variants samplers need the smote-variants package ({exc}). "
            f"Install it without its unused tensorflow and mkl: {INSTALL_HINT}"
        ) from exc
    return smote_variants


class SmoteVariantsSampler(BaseOverSampler):
    """An oversampler of the smote-variants package, as an imbalanced-learn sampler.

    It clones, takes ``random_state`` and fits in an imbalanced-learn pipeline like any
    other sampler. smote-variants works on numeric matrices, so the benchmark places it
    after the encoding (one-hot categories, scaled numbers), as its users feed it.

    Parameters
    ----------
    oversampler : str, default="Lee"
        The smote-variants class, e.g. ``"Lee"``, ``"polynom_fit_SMOTE_star"``,
        ``"ProWSyn"``, ``"SMOTE_IPF"``, ``"G_SMOTE"``.
    sampling_strategy : float, str, dict or callable, default="auto"
        As in every imbalanced-learn over-sampler. smote-variants adds
        ``proportion * (n_majority - n_minority)`` rows to the minority class; the
        proportion is set from this. Multi-class targets run through smote-variants'
        ``MulticlassOversampling``, which brings every class to the majority's count,
        so there only strategies that do the same are accepted.
    random_state : int, RandomState instance or None, default=None
        Seeds the oversampler.
    params : dict or None, default=None
        Further parameters of the smote-variants class (``{"n_neighbors": 3}``).

    Attributes
    ----------
    sampling_strategy_ : dict
        The number of rows to add per class.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from gan_resample.benchmark import SmoteVariantsSampler
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> X_res, y_res = SmoteVariantsSampler("ProWSyn", random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 180), (1, 180)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "oversampler": [str],
        "random_state": ["random_state"],
        "params": [dict, None],
    }

    def __init__(self, oversampler="Lee", *, sampling_strategy="auto", random_state=None,
                 params=None):
        super().__init__(sampling_strategy=sampling_strategy)
        self.oversampler = oversampler
        self.random_state = random_state
        self.params = params

    def _fit_resample(self, X, y):
        sv = import_smote_variants()
        if not isinstance(getattr(sv, self.oversampler, None), type):
            raise ValueError(f"smote-variants has no oversampler {self.oversampler!r}.")
        targets = {c: n for c, n in self.sampling_strategy_.items() if n > 0}
        if not targets:
            return X, y
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max) \
            if not isinstance(self.random_state, Integral) else int(self.random_state)
        params = {**(self.params or {}), "random_state": seed}
        labels, counts = np.unique(y, return_counts=True)
        with _quiet():
            if labels.size == 2:
                sampler = getattr(sv, self.oversampler)(
                    proportion=self._proportion(labels, counts, targets), **params
                )
            else:
                self._check_balances(labels, counts, targets)
                sampler = sv.MulticlassOversampling(
                    oversampler=self.oversampler, oversampler_params=params
                )
            X_res, y_res = sampler.sample(np.asarray(X, dtype=float), np.asarray(y))
        return X_res, np.asarray(y_res).astype(y.dtype, copy=False)

    def _proportion(self, labels, counts, targets):
        minority = labels[np.argmin(counts)]
        if list(targets) != [minority]:
            raise ValueError(
                f"smote-variants oversamples the minority class only; sampling_strategy "
                f"asks for rows of {sorted(targets)}."
            )
        gap = counts.max() - counts.min()
        return targets[minority] / gap if gap else 0.0

    def _check_balances(self, labels, counts, targets):
        wanted = {c: counts.max() - n for c, n in zip(labels, counts) if n < counts.max()}
        if {c: int(n) for c, n in targets.items()} != {c: int(n) for c, n in wanted.items()}:
            raise ValueError(
                "smote-variants' multi-class oversampling brings every class to the "
                "majority's count; other sampling strategies are not supported on "
                "multi-class targets."
            )


@contextmanager
def _quiet():
    """smote-variants logs every call at INFO; keep only its warnings."""
    logger = logging.getLogger("smote_variants")
    previous = logger.level
    logger.setLevel(max(previous, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(previous)
