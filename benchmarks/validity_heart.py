"""Validity of synthetic heart patients: GANOverSampler beside SMOTE and SMOTENC.

A synthetic row is valid when each of its binary, categorical and integer values is one
seen in that column of the training rows (gan_resample.metrics.validity_rate). Writes
benchmarks/results/validity_heart.{json,md}.

    python benchmarks/validity_heart.py
"""

import json
from pathlib import Path

import numpy as np
from imblearn.over_sampling import SMOTE, SMOTENC

from gan_resample import GANOverSampler
from gan_resample.benchmark.scripting import machine_info, machine_markdown, markdown_table
from gan_resample.datasets import load_heart
from gan_resample.metrics import validity_rate

RESULTS = Path(__file__).parent / "results"
SEEDS = range(5)


def per_column_validity(real, synthetic, kinds):
    out = {}
    for j, (name, kind) in enumerate(zip(real.columns, kinds)):
        if kind == "continuous":
            continue
        seen = set(real.iloc[:, j].astype(float))
        out[name] = float(np.mean([float(v) in seen for v in synthetic.iloc[:, j]]))
    return out


SCENARIOS = {"heart": 1.0, "heart, 30 % of patients kept": 0.3}


def main():
    results = {"machine": machine_info(), "seeds": list(SEEDS), "scenarios": {}}
    for scenario, kept in SCENARIOS.items():
        results["scenarios"][scenario] = run_scenario(load_heart(patients_kept=kept))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "validity_heart.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / "validity_heart.md").write_text(markdown(results))
    print(markdown(results))


def run_scenario(bunch):
    X, y = bunch.data, bunch.target
    kinds = [bunch.feature_kinds[name] for name in X.columns]
    X_numeric = X.astype(float)
    binaries = [n for n, k in bunch.feature_kinds.items() if k == "binary"]
    samplers = {
        "GANOverSampler()": (lambda s: GANOverSampler(random_state=s), X),
        "SMOTE (raw columns)": (lambda s: SMOTE(random_state=s), X_numeric),
        "SMOTENC (categorical: cp, restecg, slope, thal)": (
            lambda s: SMOTENC(categorical_features=bunch.categorical_features, random_state=s),
            X,
        ),
        "SMOTENC (categorical + binary flags)": (
            lambda s: SMOTENC(
                categorical_features=bunch.categorical_features + binaries, random_state=s
            ),
            X,
        ),
    }
    results = {}
    for name, (make, data) in samplers.items():
        rates, columns = [], []
        for seed in SEEDS:
            X_res, _ = make(seed).fit_resample(data, y)
            new = X_res.iloc[len(data):]
            rates.append(validity_rate(X, new, feature_kinds=kinds))
            columns.append(per_column_validity(X, new, kinds))
        results[name] = {
            "validity_rate_mean": float(np.mean(rates)),
            "validity_rate_per_seed": rates,
            "per_column_mean": {
                c: float(np.mean([col[c] for col in columns])) for c in columns[0]
            },
            "synthetic_rows_per_seed": int(len(new)),
        }
    return results


def markdown(results):
    lines = [
        "# Validity of synthetic heart patients",
        "",
        "Produced by `benchmarks/validity_heart.py` (patients = num > 0; seeds "
        f"{results['seeds']}). A row is valid when every binary, categorical and "
        "integer value is one seen in training for its column. SMOTENC's integer "
        "columns come back as integers only because imbalanced-learn casts its output "
        "to the input's int64 dtype, which truncates the interpolated values.",
    ]
    for scenario, samplers in results["scenarios"].items():
        any_sampler = next(iter(samplers.values()))
        columns = list(any_sampler["per_column_mean"])
        lines += [
            "",
            f"## {scenario}: {any_sampler['synthetic_rows_per_seed']} synthetic "
            "patients per run",
            "",
            *markdown_table(["sampler", "valid rows", *columns], [
                [name, f"{r['validity_rate_mean']:.1%}",
                 *(f"{r['per_column_mean'][c]:.0%}" for c in columns)]
                for name, r in samplers.items()
            ]),
        ]
    lines += ["", "Machine:", machine_markdown(results["machine"]), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
