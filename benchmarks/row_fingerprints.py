"""Fingerprints of the rows GANOverSampler returns, to show that a refactor changes
no row: an MD5 of ``X_resampled`` and ``y_resampled`` per problem and setting.

The fingerprints hold on one machine and one set of versions only (the GAN's last
digits follow the CPU), so they are written to a file outside the repository and
compared there: run with ``--write FILE`` before a change and ``--against FILE``
after it.

    python benchmarks/row_fingerprints.py --write /tmp/rows-before.json
    python benchmarks/row_fingerprints.py --against /tmp/rows-before.json
"""

import argparse
import hashlib
import json
import sys
import warnings

import numpy as np
import pandas as pd

from gan_resample import GANOverSampler
from gan_resample.benchmark import CONFIRM_SUITE, DEV_SUITE, MULTICLASS_SUITE, load_dataset

# Each setting covers one branch of the sampler: both modes, both starts, the
# Wasserstein loss with packs, quality scoring with snapshots and early stopping,
# arrays as well as DataFrames.
SETTINGS = {
    "per_class": {},
    "conditional": {"mode": "conditional"},
    "copula": {"start": "copula"},
    "wgan-gp-pac2": {"loss": "wgan-gp", "pac": 2},
    "best-early": {"keep": "best", "n_iter_no_change": 2, "eval_every": 5},
    "conditional-copula": {"mode": "conditional", "start": "copula"},
}
ARRAY_SETTINGS = ("per_class", "conditional")


def fingerprint(X, y, params):
    sampler = GANOverSampler(n_steps=20, random_state=1, **params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        X_res, y_res = sampler.fit_resample(X, y)
    digest = hashlib.md5()
    if isinstance(X_res, pd.DataFrame):
        digest.update(X_res.to_csv().encode())
    else:
        digest.update(np.ascontiguousarray(X_res).tobytes())
        digest.update(str(X_res.dtype).encode())
    digest.update(np.asarray(y_res).astype(str).tobytes())
    return digest.hexdigest()


def problems(quick):
    names = ("heart", "heart-30") + DEV_SUITE + CONFIRM_SUITE + MULTICLASS_SUITE
    names = list(dict.fromkeys(names))
    return names[:8] if quick else names


def all_fingerprints(quick):
    found = {}
    for name in problems(quick):
        X, y = load_dataset(name)
        for setting, params in SETTINGS.items():
            if setting not in ARRAY_SETTINGS and name not in problems(True):
                continue  # the other settings on a few problems: they share the rest
            found[f"{name} {setting}"] = fingerprint(X, y, params)
        if isinstance(X, pd.DataFrame) and not any(
                str(dtype) in ("category", "object") for dtype in X.dtypes):
            for setting in ARRAY_SETTINGS:
                found[f"{name} {setting} array"] = fingerprint(
                    X.to_numpy(), y, SETTINGS[setting])
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", metavar="FILE", help="write the fingerprints to FILE")
    action.add_argument("--against", metavar="FILE", help="compare with those in FILE")
    parser.add_argument("--quick", action="store_true", help="the first 8 problems only")
    args = parser.parse_args(argv)
    found = all_fingerprints(args.quick)
    if args.write:
        with open(args.write, "w") as file:
            json.dump(found, file, indent=1, sort_keys=True)
        print(f"{len(found)} fingerprints written to {args.write}")
        return 0
    with open(args.against) as file:
        expected = json.load(file)
    shared = sorted(set(found) & set(expected))
    differ = [key for key in shared if found[key] != expected[key]]
    print(f"{len(shared) - len(differ)} of {len(shared)} fingerprints identical")
    for key in differ:
        print(f"  differs: {key}")
    return 1 if differ or not shared else 0


if __name__ == "__main__":
    sys.exit(main())
