import numpy as np
import pandas as pd
import pytest

from gan_resample.datasets import keel_names, load_keel
from gan_resample.datasets._keel import parse_keel

TEXT = """@relation toy
@attribute Colour {red, green}
@attribute Size integer [1, 9]
@attribute Weight real[0.5,2.5]
@attribute Grade {1, 2, 3}
@attribute Class {positive, negative}
@inputs Colour, Size, Weight, Grade
@outputs Class
@data
red, 1, 0.5, 1, negative
green, 2, ?, 2, positive
red, 3, 1.5, <null>, negative
green, 9, 2.5, 3, positive
"""


def test_parse_keel_declared_kinds_and_missing_rows():
    attributes, rows, n_missing = parse_keel(TEXT, "toy")
    assert [a[:2] for a in attributes] == [
        ("Colour", "nominal"), ("Size", "integer"), ("Weight", "real"),
        ("Grade", "nominal"), ("Class", "nominal"),
    ]
    assert n_missing == 2 and len(rows) == 2


def test_parse_keel_errors():
    with pytest.raises(ValueError, match="bad, line 4: 3 values for 2 attributes"):
        parse_keel("@attribute a real\n@attribute Class {p, n}\n@data\n1, p, x\n", "bad")
    with pytest.raises(ValueError, match="unknown type"):
        parse_keel("@attribute a date\n@attribute Class {p, n}\n@data\n", "bad")


def test_load_keel_types_and_target():
    bunch = load_keel("abalone9-18")
    X, y = bunch.data, bunch.target
    assert isinstance(X["Sex"].dtype, pd.CategoricalDtype)
    assert list(X["Sex"].cat.categories) == ["M", "F", "I"]
    assert X["Length"].dtype == np.float64
    assert bunch.categorical_features == ["Sex"]
    assert int(y.sum()) == 42 and len(y) == 731


def test_load_keel_numeric_nominals_and_integers():
    X, y = load_keel("flare-F", return_X_y=True)
    assert list(X["Activity"].cat.categories) == [1, 2]
    X, _ = load_keel("wisconsin", return_X_y=True)
    assert all(dtype == np.int64 for dtype in X.dtypes)


def test_load_keel_missing_values_are_dropped_with_a_warning():
    with pytest.warns(UserWarning, match=r"dropped \d+ row\(s\) with a missing value"):
        bunch = load_keel("cleveland-0_vs_4")
    assert bunch.n_missing_rows_dropped > 0
    assert not bunch.data.isna().any().any()


def test_unknown_name_lists_known_ones():
    assert "pima" in keel_names()
    with pytest.raises(ValueError, match="No KEEL problem named 'nope'"):
        load_keel("nope")
