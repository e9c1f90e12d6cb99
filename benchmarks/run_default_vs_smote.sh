#!/usr/bin/env bash
# The default GANOverSampler against the SMOTE that suits each table, on one suite:
#   benchmarks/run_default_vs_smote.sh dev       # the 19 problems defaults are tuned on
#   benchmarks/run_default_vs_smote.sh confirm   # the 18 problems kept out of tuning
# 3 x 5-fold CV, four classifiers; every stochastic sampler (SMOTE too) is fitted with
# 3 seeds per fold and scored as the mean over them. Written to
# benchmarks/results/default_vs_smote/SUITE/. About 10-15 minutes per suite on 2 cores.
# The confirmation suite is run only to confirm a default chosen on the dev suite;
# every run is recorded in docs/choosing_defaults.md.
set -euo pipefail
cd "$(dirname "$0")/.."
suite="${1:?usage: run_default_vs_smote.sh dev|confirm [extra gan-resample bench options]}"
shift
.venv/bin/gan-resample bench --datasets "$suite" --samplers smote gan \
  --repeats 3 --sampler-seeds 3 --jobs 2 \
  --out "benchmarks/results/default_vs_smote/$suite" "$@"
