"""Trains tiny-encoder, a BERT-style sentence encoder, contrastively on world questions and passages.

Pairs come from .cache/training/encoder.jsonl: (question, gold paragraph) for the facts the generator may train on,
and unsupervised pairs (a sentence or the title, its paragraph) for every paragraph. Loss: InfoNCE with in-batch
negatives, mean pooling, normalised. Checks recall@5 of the supporting document on dev questions before writing.
"""
import argparse
import json
import math
import os
import random
import sys
import time

import torch
from torch import nn
from torch.nn import functional

sys.path.insert(0, os.path.dirname(__file__))
from byte_level_bpe import write_json  # noqa: E402
from tiny_gpt import Block  # noqa: E402
from word_piece import WordPiece  # noqa: E402


class TinyBert(nn.Module):
    """A bidirectional encoder built from the generator's pre-norm blocks (no causal mask), exportable to ONNX."""

    def __init__(self, vocab_size, width=128, layers=2, heads=4, positions=512):
        super().__init__()
        self.config = dict(vocab_size=vocab_size, width=width, layers=layers, heads=heads, positions=positions)
        self.word_embeddings = nn.Embedding(vocab_size, width)
        self.position_embeddings = nn.Embedding(positions, width)
        self.blocks = nn.ModuleList([Block(width, heads) for _ in range(layers)])
        self.final_norm = nn.LayerNorm(width)
        for name, parameter in self.named_parameters():
            if parameter.dim() >= 2:
                nn.init.normal_(parameter, mean=0.0, std=0.02)

    def forward(self, input_ids, attention_mask):
        positions = torch.arange(input_ids.shape[1]).unsqueeze(0)
        hidden = self.word_embeddings(input_ids) + self.position_embeddings(positions)
        bias = torch.where(attention_mask[:, None, None, :] > 0, torch.zeros((), dtype=torch.float32),
                           torch.full((), -1e9, dtype=torch.float32))
        for block in self.blocks:
            hidden, _, _ = block(hidden, bias)
        return self.final_norm(hidden)


def pool(hidden, mask):
    weights = mask.unsqueeze(-1).float()
    return functional.normalize((hidden * weights).sum(1) / weights.sum(1).clamp(min=1), dim=-1)


def pad(rows):
    length = max(len(row) for row in rows)
    ids = torch.zeros(len(rows), length, dtype=torch.long)
    mask = torch.zeros(len(rows), length, dtype=torch.long)
    for index, row in enumerate(rows):
        ids[index, :len(row)] = torch.tensor(row)
        mask[index, :len(row)] = 1
    return ids, mask


def embed(model, tokenizer, texts, batch_size=128):
    model.eval()
    vectors = []
    with torch.no_grad():
        for start in range(0, len(texts), batch_size):
            ids, mask = pad([tokenizer.encode(text) for text in texts[start:start + batch_size]])
            vectors.append(pool(model(ids, mask), mask))
    model.train()
    return torch.cat(vectors)


def recall_at_5(model, tokenizer, paragraphs, questions):
    passages = embed(model, tokenizer, [row["text"] for row in paragraphs])
    queries = embed(model, tokenizer, [row["question"] for row in questions])
    top = (queries @ passages.T).topk(20, dim=1).indices.tolist()
    hits = 0
    for row, ranked in zip(questions, top):
        documents = []
        for index in ranked:
            document = paragraphs[index]["documentId"]
            if document not in documents:
                documents.append(document)
        hits += any(document in row["supportingDocuments"] for document in documents[:5])
    return hits / len(questions)


class OnnxEncoder(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return self.model(input_ids, attention_mask)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=".cache/training")
    parser.add_argument("--world", default="fixtures/world")
    parser.add_argument("--out", default="fixtures/models/tiny-encoder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps", type=int, default=600)
    parser.add_argument("--batch-size", type=int, default=96)
    parser.add_argument("--min-recall", type=float, default=0.9)
    arguments = parser.parse_args()

    torch.set_num_threads(int(os.environ.get("TRAIN_THREADS", "2")))
    random.seed(arguments.seed)
    torch.manual_seed(arguments.seed)

    read = lambda path: [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]  # noqa: E731
    pairs = read(f"{arguments.data}/encoder.jsonl")
    paragraphs = read(f"{arguments.data}/paragraphs.jsonl")
    dev = [row for row in read(f"{arguments.world}/qa/unknown.jsonl") if row["split"] == "dev"]
    tokenizer = WordPiece.build([row["text"] for row in paragraphs] + [row["query"] for row in pairs])
    print(f"vocab {len(tokenizer.tokens)}, pairs {len(pairs)}", flush=True)
    encoded = [(tokenizer.encode(row["query"]), tokenizer.encode(row["passage"]), row["passage"]) for row in pairs]

    model = TinyBert(len(tokenizer.tokens))
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / 100) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * step / arguments.steps))))
    temperature = 0.05
    started = time.time()
    for step in range(arguments.steps):
        batch = random.sample(encoded, arguments.batch_size)
        query_ids, query_mask = pad([row[0] for row in batch])
        passage_ids, passage_mask = pad([row[1] for row in batch])
        queries = pool(model(query_ids, query_mask), query_mask)
        passages = pool(model(passage_ids, passage_mask), passage_mask)
        scores = queries @ passages.T / temperature
        same = torch.tensor([[left[2] == right[2] for right in batch] for left in batch])
        scores = scores.masked_fill(same & ~torch.eye(len(batch), dtype=torch.bool), -1e4)
        targets = torch.arange(len(batch))
        loss = (functional.cross_entropy(scores, targets) + functional.cross_entropy(scores.T, targets)) / 2
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        scheduler.step()
        if step % 250 == 0:
            print(f"step {step} loss {loss.item():.4f} {time.time() - started:.0f}s "
                  f"recall@5 {recall_at_5(model, tokenizer, paragraphs, dev):.3f}", flush=True)

    seconds = time.time() - started
    recall = recall_at_5(model, tokenizer, paragraphs, dev)
    print(f"trained {arguments.steps} steps in {seconds:.0f}s; dev recall@5 {recall:.3f}", flush=True)
    if recall < arguments.min_recall:
        print("below the floor: the model is not written", flush=True)
        sys.exit(1)

    os.makedirs(f"{arguments.out}/onnx", exist_ok=True)
    model.eval()
    ids, mask = pad([tokenizer.encode("a short example"), tokenizer.encode("another")])
    with torch.no_grad():
        torch.onnx.export(
            OnnxEncoder(model), (ids, mask), f"{arguments.out}/onnx/model.onnx",
            input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": {0: "batch_size", 1: "sequence_length"},
                          "attention_mask": {0: "batch_size", 1: "sequence_length"},
                          "last_hidden_state": {0: "batch_size", 1: "sequence_length"}},
            opset_version=17, do_constant_folding=True,
        )
    tokenizer.save(arguments.out, model.config["positions"])
    write_json(f"{arguments.out}/config.json", {
        "model_type": "bert", "architectures": ["BertModel"], "vocab_size": len(tokenizer.tokens),
        "hidden_size": model.config["width"], "num_hidden_layers": model.config["layers"],
        "num_attention_heads": model.config["heads"], "intermediate_size": 4 * model.config["width"],
        "max_position_embeddings": model.config["positions"], "type_vocab_size": 1, "pad_token_id": 0,
    })
    write_json(f"{arguments.out}/training.json", {
        "seed": arguments.seed, "steps": arguments.steps, "batchSize": arguments.batch_size,
        "trainingSeconds": round(seconds), "pythonDevRecallAt5": recall,
    })
    print(f"wrote {arguments.out}", flush=True)


if __name__ == "__main__":
    main()
