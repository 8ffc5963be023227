"""Reads the bundled tiny-lm's weights back out of its ONNX file into a TinyGpt, so that later training (the
LLM2Vec-Gen special tokens and head) can run on the exact frozen backbone that transformers.js serves.

The export names the embeddings, norms and biases after the module; the linear weights appear as anonymous MatMul
initialisers, transposed, in the order the graph uses them: per block c_attn, c_proj, c_fc, mlp_proj, then the
output projection (the tied word embeddings, transposed).

    /usr/bin/python3 scripts/models/tiny_lm_from_onnx.py fixtures/models/tiny-lm   # checks and prints a summary
"""
import json
import os
import sys

import onnx
import torch
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(__file__))
from tiny_gpt import TinyGpt  # noqa: E402


def load_tiny_lm(folder):
    with open(f"{folder}/config.json", encoding="utf-8") as handle:
        config = json.load(handle)
    model = TinyGpt(config["vocab_size"], width=config["n_embd"], layers=config["n_layer"], heads=config["n_head"],
                    positions=config["n_positions"], rotary=False)
    graph = onnx.load(f"{folder}/onnx/model.onnx").graph
    named = {item.name: torch.from_numpy(numpy_helper.to_array(item).copy()) for item in graph.initializer}
    matmuls = [named[item.name] for item in graph.initializer if item.name.startswith("onnx::MatMul")]
    state = {name[len("model."):]: value for name, value in named.items() if name.startswith("model.")}
    for layer in range(config["n_layer"]):
        for offset, name in enumerate(["c_attn", "c_proj", "c_fc", "mlp_proj"]):
            state[f"blocks.{layer}.{name}.weight"] = matmuls[4 * layer + offset].t().contiguous()
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise ValueError(f"weights do not match TinyGpt: missing {missing}, unexpected {unexpected}")
    output = matmuls[4 * config["n_layer"]]
    if not torch.allclose(output.t(), model.wte.weight):
        raise ValueError("the output projection is not the word embeddings: not a tiny-lm export")
    model.eval()
    return model


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "fixtures/models/tiny-lm"
    model = load_tiny_lm(folder)
    ids = torch.tensor([[1, 2, 3, 4]])
    logits, _, _ = model(ids, torch.ones_like(ids), torch.arange(4).unsqueeze(0))
    print(json.dumps({"parameters": sum(p.numel() for p in model.parameters()),
                      "logitsOfLastToken": [round(float(value), 4) for value in logits[0, -1, :5]]}))


if __name__ == "__main__":
    main()
