#!/usr/bin/env bash
# The multi-class suite (benchmark.MULTICLASS_SUITE: seven KEEL problems, none used for
# tuning): no oversampling, SMOTE(N), GANOverSampler per class and conditional, and the
# tuned threshold where it applies (it needs a binary target, so it is skipped here);
# four classifiers, 3 x 5-fold CV, three sampler seeds. Ranked by macro F1.
# Written to benchmarks/results/multiclass/.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/gan-resample bench --datasets multiclass \
    --samplers none smote gan gan:mode=conditional threshold \
    --out benchmarks/results/multiclass "$@"
