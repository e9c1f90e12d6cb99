#!/usr/bin/env bash
# The strongest classical oversamplers of smote-variants (Kovács 2019) beside SMOTE,
# random oversampling, the F1-tuned threshold and GANOverSampler, on one suite:
#   benchmarks/run_anchors.sh dev [extra gan-resample bench options]      # 1 x 5-fold
#   benchmarks/run_anchors.sh confirm [extra gan-resample bench options]  # 3 x 5-fold
# Four classifiers; every stochastic sampler is fitted with 3 seeds per fold. The
# smote-variants samplers run on the encoded table (one-hot categories, scaled
# numbers). Needs: pip install --no-deps smote-variants==1.0.1 metric-learn minisom seaborn
# Written to benchmarks/results/anchors/SUITE/ (or --out); the same folds and seeds in
# every invocation, so samplers run separately can be compared with
# benchmarks/compare_anchors.py.
set -euo pipefail
cd "$(dirname "$0")/.."
suite="${1:?usage: run_anchors.sh dev|confirm [extra gan-resample bench options]}"
shift
repeats=3
[[ "$suite" == dev ]] && repeats=1
.venv/bin/gan-resample bench --datasets "$suite" \
  --samplers none smote random lee polynom-fit-smote-star prowsyn smote-ipf g-smote threshold gan \
  --repeats "$repeats" --sampler-seeds 3 --jobs 2 \
  --out "benchmarks/results/anchors/$suite" --quiet "$@"
