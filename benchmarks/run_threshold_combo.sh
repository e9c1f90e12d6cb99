#!/usr/bin/env bash
# Oversampling against a tuned decision threshold, and the two together, on the heart
# comparison's settings (both variants of the shipped heart data; four classifiers;
# 3 x 5-fold CV, three sampler seeds per fold): none, SMOTE(NC), GANOverSampler,
# a threshold tuned for F1 without resampling, and GANOverSampler inside
# TunedThresholdClassifierCV. Written to benchmarks/results/threshold_combo/.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/gan-resample bench --samplers none smote gan threshold gan+threshold \
    --out benchmarks/results/threshold_combo --quiet "$@"
