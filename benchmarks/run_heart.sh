#!/usr/bin/env bash
# The heart comparison exactly as `gan-resample bench` runs it with no options (both
# variants of the shipped heart data; none, SMOTE(NC), GANOverSampler; four
# classifiers; 3 x 5-fold CV, three sampler seeds per fold), written to
# benchmarks/results/heart/.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/gan-resample bench --out benchmarks/results/heart "$@"
