#!/usr/bin/env bash
# The default GANOverSampler against the SMOTE that suits each table, on one suite:
#   benchmarks/run_default_vs_smote.sh dev       # the problems defaults are tuned on
#   benchmarks/run_default_vs_smote.sh confirm   # the problems kept out of tuning
# (the committed results are from 2026-11-23, when the dev suite had 19 problems and
# the confirmation suite the 18 that have since joined it; benchmarks/run_anchors.sh
# runs today's suites against every anchor)
# 3 x 5-fold CV, four classifiers; every stochastic sampler (SMOTE too) is fitted with
# 3 seeds per fold and scored as the mean over them. On the dev suite the previous
# default (copula start, no other-class rows, copies allowed, lr 2e-3, 300 steps) runs
# beside them. Written to benchmarks/results/default_vs_smote/SUITE/ (then: dev 13 minutes,
# confirm about 15 on 2 cores). The confirmation suite is run only to confirm a default
# chosen on the dev suite; every run is recorded in docs/choosing_defaults.md.
set -euo pipefail
cd "$(dirname "$0")/.."
suite="${1:?usage: run_default_vs_smote.sh dev|confirm [extra gan-resample bench options]}"
shift
extra=()
if [[ "$suite" == dev ]]; then
  extra=(--samplers smote gan "gan:start=copula,other_class_ratio=0,reject_copies=False,learning_rate_g=2e-3,learning_rate_d=2e-3,n_steps=300")
fi
.venv/bin/gan-resample bench --datasets "$suite" --samplers smote gan \
  --repeats 3 --sampler-seeds 3 --jobs 2 \
  --out "benchmarks/results/default_vs_smote/$suite" --quiet "${extra[@]}" "$@"
