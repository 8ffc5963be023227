#!/usr/bin/env bash
# Rebuilds fixtures/models (tiny-encoder, tiny-reranker, tiny-lm, tiny-llm2vec-gen) from the committed world in
# fixtures/world, then checks them through transformers.js. Needs Debian's torch (see
# scripts/models/install-training-tools.sh); CI never runs this. Fixed seeds, step counts and one thread each:
# running it again writes the same files.
#
# tiny-lm trains in five stages, each resuming from the last: the plain mixture (5,000 steps); the same with half
# the questions in other wordings (4,000); then with closed-book guesses about unfamiliar entities added (3,500);
# that mixture again with another seed (4,000); then that mixture read from reading worlds that keep their
# organisations (4,000; lm-named.jsonl, see build-training-data.ts).
# tiny-lm's fp16 and q4 variants (onnx/model_fp16.onnx, model_q4.onnx) are converted from its fp32 file.
# tiny-llm2vec-gen trains its special tokens and head on the finished, frozen tiny-lm.
set -euo pipefail
cd "$(dirname "$0")/../.."
export OPENBLAS_NUM_THREADS=1 TRAIN_THREADS=1
python=/usr/bin/python3
checkpoints=.cache/training/checkpoints
mkdir -p "$checkpoints"

npx tsx scripts/models/build-training-data.ts
time "$python" -u scripts/models/train_tiny_encoder.py --out fixtures/models/tiny-encoder
time "$python" -u scripts/models/train_tiny_reranker.py --out fixtures/models/tiny-reranker
time "$python" -u scripts/models/train_tiny_lm.py --seed 0 --steps 5000 --min-passage 0 \
  --out "$checkpoints/lm-stage-1" --checkpoint "$checkpoints/lm-stage-1.pt"
time "$python" -u scripts/models/train_tiny_lm.py --seed 0 --steps 4000 --learning-rate 1e-3 --warmup 100 \
  --texts lm-reworded.jsonl --resume "$checkpoints/lm-stage-1.pt" --min-passage 0 \
  --out "$checkpoints/lm-stage-2" --checkpoint "$checkpoints/lm-stage-2.pt"
time "$python" -u scripts/models/train_tiny_lm.py --seed 0 --steps 3500 --learning-rate 1e-3 --warmup 100 \
  --texts lm-guessing.jsonl --resume "$checkpoints/lm-stage-2.pt" --min-passage 0 \
  --out "$checkpoints/lm-stage-3" --checkpoint "$checkpoints/lm-stage-3.pt"
time "$python" -u scripts/models/train_tiny_lm.py --seed 1 --steps 4000 --learning-rate 1e-3 --warmup 100 \
  --texts lm-guessing.jsonl --resume "$checkpoints/lm-stage-3.pt" --min-passage 0 \
  --out "$checkpoints/lm-stage-4" --checkpoint "$checkpoints/lm-stage-4.pt"
time "$python" -u scripts/models/train_tiny_lm.py --seed 1 --steps 4000 --learning-rate 1e-3 --warmup 100 \
  --texts lm-named.jsonl --resume "$checkpoints/lm-stage-4.pt" \
  --out fixtures/models/tiny-lm
"$python" -u scripts/models/make_weight_variants.py --model fixtures/models/tiny-lm/onnx/model.onnx
npx tsx scripts/models/build-llm2vec-gen-data.ts --lm fixtures/models/tiny-lm --encoder fixtures/models/tiny-encoder
time "$python" -u scripts/models/train_tiny_llm2vec_gen.py --decoder fixtures/models/tiny-lm \
  --out fixtures/models/tiny-llm2vec-gen
npx recall eval models
