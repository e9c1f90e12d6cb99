#!/usr/bin/env bash
# `gan-resample bench --csv` as a user runs it on a table of their own. The table is the
# shipped heart CSV read as a file, with its raw multi-class target: num, the diagnosis
# 0-4 (160 / 54 / 35 / 35 / 13 patients); cp, restecg, slope and thal hold category
# codes, so they are declared categorical. Written to benchmarks/results/own_csv/.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/gan-resample bench --csv gan_resample/datasets/data/heart_cleveland.csv \
    --target num --categorical cp restecg slope thal \
    --out benchmarks/results/own_csv "$@"
