#!/usr/bin/env bash
# The full dev suite (benchmark.DEV_SUITE: 19 problems when the committed results
# were made, 37 since the first confirmation suite joined it): every sampler the benchmark knows, both GANOverSampler modes, four classifiers,
# 3 x 5-fold CV. Written to benchmarks/results/dev/. About an hour on 2 cores.
# The committed results/dev/ were written at commit 0b42ef7, with the previous default.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/gan-resample bench --datasets dev \
  --samplers none random smote borderline adasyn threshold gan gan:mode=conditional \
  --repeats 3 --out benchmarks/results/dev "$@"
