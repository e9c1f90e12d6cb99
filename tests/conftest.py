import numpy as np
import pytest

# Small networks and budgets: tests check behaviour, benchmarks check quality and speed.
FAST = dict(
    n_steps=20,
    batch_size=32,
    generator_hidden=(32,),
    discriminator_hidden=(32,),
    latent_dim=8,
    device="cpu",
)


def gaussian_classes(counts, n_features, seed):
    """Rows of ``len(counts)`` shifted, correlated Gaussian classes with exact counts."""
    rng = np.random.RandomState(seed)
    mixing = rng.normal(size=(n_features, n_features))
    X = np.vstack([
        rng.normal(size=(n, n_features)) @ mixing + 2.0 * k for k, n in enumerate(counts)
    ])
    y = np.repeat(np.arange(len(counts)), counts)
    order = rng.permutation(len(y))
    return X[order], y[order]


def mixed_frame():
    """A DataFrame of every column family (continuous, integer, an ordered-list category
    with an unused level, object strings, bool) with a 60/20 binary target."""
    import pandas as pd

    rng = np.random.RandomState(0)
    n = 80
    X = pd.DataFrame({
        "amount": rng.gamma(2.0, 10.0, n),
        "count": rng.randint(0, 9, n),
        "colour": pd.Categorical(rng.choice(["red", "green", "blue"], n),
                                 categories=["red", "green", "blue", "unused"]),
        "shop": rng.choice(["a", "b"], n).astype(object),
        "flag": rng.rand(n) > 0.4,
    })
    y = np.r_[np.zeros(60), np.ones(20)].astype(int)
    return X, y


@pytest.fixture(scope="session")
def binary_data():
    return gaussian_classes([160, 40], n_features=6, seed=1)


@pytest.fixture(scope="session")
def multiclass_data():
    return gaussian_classes([180, 90, 30], n_features=5, seed=2)


@pytest.fixture(scope="session")
def fast():
    return dict(FAST)


class StreamDouble:
    """What drawing asks of a RowStream besides its rows, for streams that make their
    rows when taken: nothing to draw ahead, nothing to wait for."""

    def draw_ahead(self, n_rows):
        pass

    def close(self):
        pass


class CountingStream(StreamDouble):
    """A stream of distinct rows 0, 1, 2, ... in one column, nothing carried (a
    RowStream's ``take_with_levels``)."""

    def __init__(self):
        self.next = 0

    def take_with_levels(self, n_rows):
        rows = np.arange(self.next, self.next + n_rows, dtype=np.float32)[:, None]
        self.next += n_rows
        return rows, np.empty((n_rows, 0), dtype=np.int64)


class IdentityEncoder:
    """Decodes a one-column model space to itself (what drawing asks of an encoder)."""

    specs = [None]  # one column

    def inverse_transform(self, Z, carried=None):
        return [np.asarray(Z[:, 0], dtype=np.float64)]

    def row_keys(self, columns):
        return np.asarray(columns[0], dtype=np.float64)[:, None] + 0.0


def class_counts(y):
    labels, counts = np.unique(y, return_counts=True)
    return dict(zip(labels.tolist(), counts.tolist()))
