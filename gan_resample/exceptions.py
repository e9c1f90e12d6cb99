"""The warnings gan_resample gives, as scikit-learn keeps its own in
``sklearn.exceptions``. Each is also importable from ``gan_resample``."""

__all__ = [
    "ColumnWarning",
    "CopiedRowsWarning",
    "InconsistentVersionWarning",
    "TrainingDivergedWarning",
]


class ColumnWarning(UserWarning):
    """A column, or a block of columns, that a sampler accepts but would model badly:
    a one-hot encoded category or a categorical column with about one level per row
    (given to GANOverSampler), or categorical columns given to an imbalanced-learn
    sampler that interpolates numbers (in :func:`gan_resample.benchmark.run_benchmark`).

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> from gan_resample import ColumnWarning, GANOverSampler
    >>> rng = np.random.default_rng(0)
    >>> one_hot = np.eye(3)[rng.integers(0, 3, 40)]  # a category, one-hot encoded
    >>> X = np.column_stack([rng.normal(size=40), one_hot])
    >>> y = np.r_[np.zeros(30), np.ones(10)].astype(int)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _ = GANOverSampler(n_steps=5, random_state=0).fit_resample(X, y)
    >>> [w.category.__name__ for w in caught]
    ['ColumnWarning']
    >>> str(caught[0].message).startswith("columns 1, 2, 3 look one-hot encoded")
    True
    """


class CopiedRowsWarning(UserWarning):
    """Some new rows copy training rows because too few distinct rows were found.

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> from gan_resample import CopiedRowsWarning, GANOverSampler
    >>> X = np.array([[0, 1], [1, 0], [0, 0]] * 10 + [[1, 1]] * 3)  # class 1: one row, repeated
    >>> y = np.r_[np.zeros(30), np.ones(3)].astype(int)
    >>> with warnings.catch_warnings():  # as an error, to refuse copies outright
    ...     warnings.simplefilter("error", CopiedRowsWarning)
    ...     try:
    ...         GANOverSampler(n_steps=5, random_state=0).fit_resample(X, y)
    ...     except CopiedRowsWarning as copied:
    ...         print(str(copied)[:38])
    Only 0 of the 27 new rows of class 1 d
    """


class InconsistentVersionWarning(UserWarning):
    """A sampler saved by one version of gan_resample was loaded by another.

    Examples
    --------
    >>> import pickle, warnings
    >>> from gan_resample import GANOverSampler, InconsistentVersionWarning
    >>> from gan_resample.datasets import load_heart
    >>> X, y = load_heart(return_X_y=True)
    >>> state = GANOverSampler(n_steps=5, random_state=0).fit(X, y).__getstate__()
    >>> state["_gan_resample_version"] = "0.0.1"  # as if saved by another version
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     loaded = pickle.loads(pickle.dumps(state))
    ...     GANOverSampler.__new__(GANOverSampler).__setstate__(loaded)
    >>> str(caught[0].message)[:53]
    'Loading a GANOverSampler saved by gan_resample 0.0.1 '
    """


class TrainingDivergedWarning(UserWarning):
    """Training produced non-finite losses and was restarted with smaller steps.

    Examples
    --------
    >>> import warnings
    >>> from gan_resample import GANOverSampler, TrainingDivergedWarning
    >>> from gan_resample.datasets import load_heart
    >>> X, y = load_heart(return_X_y=True)
    >>> far_too_fast = GANOverSampler(n_steps=20, learning_rate_g=1e20, learning_rate_d=1e20,
    ...                               random_state=0)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     try:
    ...         far_too_fast.fit_resample(X, y)
    ...     except FloatingPointError as error:
    ...         print(str(error)[:46])
    Training the GAN for class 1 produced non-fini
    >>> {w.category.__name__ for w in caught}
    {'TrainingDivergedWarning'}
    """
