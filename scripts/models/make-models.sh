#!/usr/bin/env bash
# Rebuilds fixtures/models (tiny-encoder, tiny-reranker, tiny-lm) from the committed world in fixtures/world, then checks them
# through transformers.js. Needs Debian's torch (see scripts/models/install-training-tools.sh); CI never runs this.
# Fixed seeds, step counts and one thread each: running it again writes the same files.
set -euo pipefail
cd "$(dirname "$0")/../.."
export OPENBLAS_NUM_THREADS=1 TRAIN_THREADS=1
python=/usr/bin/python3

npx tsx scripts/models/build-training-data.ts
time "$python" -u scripts/models/train_tiny_encoder.py --out fixtures/models/tiny-encoder
time "$python" -u scripts/models/train_tiny_reranker.py --out fixtures/models/tiny-reranker
time "$python" -u scripts/models/train_tiny_lm.py --seed "${LM_SEED:-0}" --out fixtures/models/tiny-lm
npx recall eval models
