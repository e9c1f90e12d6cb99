import numpy as np
import pytest

from gan_resample.datasets import load_heart


def test_heart_frame_is_typed_by_kind():
    bunch = load_heart()
    X, y = bunch.data, bunch.target
    assert X.shape == (297, 13) and y.name == "disease"
    assert dict(zip(*np.unique(y, return_counts=True))) == {0: 160, 1: 137}
    for name, kind in bunch.feature_kinds.items():
        dtype = str(X[name].dtype)
        expected = {"categorical": "category", "continuous": "float64"}.get(kind, "int64")
        assert dtype == expected, name
    assert bunch.categorical_features == ["cp", "restecg", "slope", "thal"]
    assert list(X["thal"].cat.categories) == [3, 6, 7]
    assert list(bunch.frame.columns) == list(X.columns) + ["disease"]
    assert "CC BY 4.0" in bunch.DESCR


def test_heart_arrays_and_severity():
    X, y = load_heart(as_frame=False, return_X_y=True, target="num")
    assert X.dtype == np.float64 and X.shape == (297, 13)
    assert set(np.unique(y)) == {0, 1, 2, 3, 4}


def test_heart_patients_kept_is_seeded():
    X1, y1 = load_heart(return_X_y=True, patients_kept=0.3, random_state=1)
    X2, y2 = load_heart(return_X_y=True, patients_kept=0.3, random_state=1)
    X3, _ = load_heart(return_X_y=True, patients_kept=0.3, random_state=2)
    assert int(y1.sum()) == 41 and int((y1 == 0).sum()) == 160
    assert X1.equals(X2) and not X1.equals(X3)
    with pytest.raises(ValueError, match="patients_kept"):
        load_heart(patients_kept=0)


def test_heart_attribution_ships_with_the_data():
    from importlib import resources

    readme = (resources.files("gan_resample.datasets") / "data" / "README.md").read_text()
    assert "10.24432/C52P4X" in readme and "CC BY 4.0" in readme
