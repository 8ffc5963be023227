"""A GPT-2-style decoder small enough to train on two CPU cores, with an ONNX export that transformers.js loads as gpt2.

Positions are GPT-2's learned absolute embeddings, or (rotary=True) rotary angles computed inside the graph from
`position_ids`, so that attention depends on how far apart two tokens are. Rotary positions did not make copying
names out of passages come sooner here (dev exact match about 0.45 after 3,000-4,000 steps either way).
"""
import math

import torch
from torch import nn
from torch.nn import functional


class Block(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.head_size = width // heads
        self.ln_1 = nn.LayerNorm(width)
        self.c_attn = nn.Linear(width, 3 * width)
        self.c_proj = nn.Linear(width, width)
        self.ln_2 = nn.LayerNorm(width)
        self.c_fc = nn.Linear(width, 4 * width)
        self.mlp_proj = nn.Linear(4 * width, width)

    def forward(self, hidden, bias, rotation=None, past_key=None, past_value=None):
        batch, length, width = hidden.shape
        query, key, value = self.c_attn(self.ln_1(hidden)).split(width, dim=2)
        shape = (batch, length, self.heads, self.head_size)
        query = query.view(shape).transpose(1, 2)
        key = key.view(shape).transpose(1, 2)
        value = value.view(shape).transpose(1, 2)
        if rotation is not None:
            query, key = rotate(query, rotation), rotate(key, rotation)
        if past_key is not None:
            key = torch.cat([past_key, key], dim=2)
            value = torch.cat([past_value, value], dim=2)
        scores = torch.matmul(query, key.transpose(-1, -2)) / math.sqrt(self.head_size) + bias
        attended = torch.matmul(torch.softmax(scores, dim=-1), value)
        attended = attended.transpose(1, 2).reshape(batch, length, width)
        hidden = hidden + self.c_proj(attended)
        hidden = hidden + self.mlp_proj(functional.gelu(self.c_fc(self.ln_2(hidden))))
        return hidden, key, value


def rotation_angles(position_ids, head_size, base=10000.0):
    """cos and sin of each position's angles, shaped [batch, 1, length, head_size] to broadcast over heads."""
    frequencies = base ** (-torch.arange(0, head_size, 2, dtype=torch.float32) / head_size)
    angles = position_ids.to(torch.float32).unsqueeze(-1) * frequencies
    angles = torch.cat([angles, angles], dim=-1).unsqueeze(1)
    return torch.cos(angles), torch.sin(angles)


def rotate(vectors, rotation):
    cos, sin = rotation
    half = vectors.shape[-1] // 2
    turned = torch.cat([-vectors[..., half:], vectors[..., :half]], dim=-1)
    return vectors * cos + turned * sin


class TinyGpt(nn.Module):
    def __init__(self, vocab_size, width=128, layers=2, heads=8, positions=512, rotary=False):
        super().__init__()
        self.config = dict(vocab_size=vocab_size, width=width, layers=layers, heads=heads, positions=positions,
                           rotary=rotary)
        self.wte = nn.Embedding(vocab_size, width)
        self.wpe = None if rotary else nn.Embedding(positions, width)
        self.blocks = nn.ModuleList([Block(width, heads) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(width)
        self.initialise(layers)

    def initialise(self, layers):
        """GPT-2 initialisation: normal(0.02) weights, zero biases, residual projections scaled by 1/sqrt(2 x layers)."""
        for name, parameter in self.named_parameters():
            if name.endswith("bias"):
                nn.init.zeros_(parameter)
            elif "ln_" in name:
                nn.init.ones_(parameter)
            else:
                std = 0.02 / math.sqrt(2 * layers) if name.endswith(("c_proj.weight", "mlp_proj.weight")) else 0.02
                nn.init.normal_(parameter, mean=0.0, std=std)

    def forward(self, input_ids, attention_mask, position_ids, past=None, inputs_embeds=None):
        """Returns logits, the last hidden state and the new key/value cache. `attention_mask` covers past + new tokens.
        `inputs_embeds`, when given, replaces the token embeddings of `input_ids` (soft tokens)."""
        length = input_ids.shape[1] if inputs_embeds is None else inputs_embeds.shape[1]
        total = attention_mask.shape[1]
        past_length = total - length
        query_positions = torch.arange(length).unsqueeze(1) + past_length
        key_positions = torch.arange(total).unsqueeze(0)
        allowed = (key_positions <= query_positions).unsqueeze(0).unsqueeze(0) & (attention_mask[:, None, None, :] > 0)
        bias = torch.where(allowed, torch.zeros((), dtype=torch.float32), torch.full((), -1e9, dtype=torch.float32))
        hidden = self.wte(input_ids) if inputs_embeds is None else inputs_embeds
        rotation = None
        if self.wpe is None:
            rotation = rotation_angles(position_ids, self.config["width"] // self.config["heads"])
        else:
            hidden = hidden + self.wpe(position_ids)
        presents = []
        for index, block in enumerate(self.blocks):
            past_key, past_value = (past[2 * index], past[2 * index + 1]) if past is not None else (None, None)
            hidden, key, value = block(hidden, bias, rotation, past_key, past_value)
            presents.extend([key, value])
        hidden = self.ln_f(hidden)
        logits = torch.matmul(hidden, self.wte.weight.t())
        return logits, hidden, presents


class OnnxWrapper(nn.Module):
    """Flat inputs and outputs in the names transformers.js expects of a gpt2 model with a key/value cache."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, *past):
        logits, hidden, presents = self.model(input_ids, attention_mask, position_ids, list(past))
        return (logits, hidden, *presents)


def export_onnx(model, path):
    config = model.config
    layers, heads = config["layers"], config["heads"]
    head_size = config["width"] // heads
    wrapper = OnnxWrapper(model).eval()
    input_ids = torch.tensor([[1, 2, 3]], dtype=torch.long)
    past = [torch.zeros(1, heads, 2, head_size) for _ in range(2 * layers)]
    attention_mask = torch.ones(1, 5, dtype=torch.long)
    position_ids = torch.tensor([[2, 3, 4]], dtype=torch.long)
    past_names = [f"past_key_values.{index}.{kind}" for index in range(layers) for kind in ("key", "value")]
    present_names = [f"present.{index}.{kind}" for index in range(layers) for kind in ("key", "value")]
    dynamic = {
        "input_ids": {0: "batch_size", 1: "sequence_length"},
        "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
        "position_ids": {0: "batch_size", 1: "sequence_length"},
        "logits": {0: "batch_size", 1: "sequence_length"},
        "last_hidden_state": {0: "batch_size", 1: "sequence_length"},
    }
    for name in past_names:
        dynamic[name] = {0: "batch_size", 2: "past_sequence_length"}
    for name in present_names:
        dynamic[name] = {0: "batch_size", 2: "total_sequence_length"}
    with torch.no_grad():
        torch.onnx.export(
            wrapper, (input_ids, attention_mask, position_ids, *past), path,
            input_names=["input_ids", "attention_mask", "position_ids", *past_names],
            output_names=["logits", "last_hidden_state", *present_names],
            dynamic_axes=dynamic, opset_version=17, do_constant_folding=True,
        )
