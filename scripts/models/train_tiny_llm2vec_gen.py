"""Trains LLM2Vec-Gen special tokens and head on the frozen tiny-lm, and writes the model folder Recall loads.

LLM2Vec-Gen (arXiv 2603.10913): thought and compression tokens are appended to the input of a frozen decoder; the
compression tokens' last hidden states, mean-pooled and passed through a small head, are the embedding. Only the
special tokens' embeddings, the head and a reconstruction projection are trained, with two objectives and no labels:
- alignment: the embedding is pulled towards the teacher's (tiny-encoder) embedding of the model's own response;
- reconstruction: the compression states, projected back into the decoder's input space as soft tokens, must let
  the frozen decoder write that response again;
- self-alignment: a query's embedding must pick out, among the batch, the model's own passage-kind embedding of its
  response (in-batch contrastive): queries land where passages that state their answer land. Still no labels: the
  response is the model's own. Without it the tiny decoder's compression states matched the teacher too loosely for
  search (known facts' documents at recall@5 0.38 after 300 steps, against 0.79 with it).
Reads .cache/training/llm2vec-gen.jsonl and llm2vec-gen.json (scripts/models/build-llm2vec-gen-data.ts). Fixed seed
and step count: running it again writes the same files.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 scripts/models/train_tiny_llm2vec_gen.py \
        --decoder fixtures/models/tiny-lm --out fixtures/models/tiny-llm2vec-gen
"""
import argparse
import json
import os
import random
import shutil
import struct
import sys
import time

import torch
from torch import nn
from torch.nn import functional

sys.path.insert(0, os.path.dirname(__file__))
from byte_level_bpe import write_json  # noqa: E402
from tiny_gpt import TinyGpt, export_onnx  # noqa: E402
from tiny_lm_from_onnx import load_tiny_lm  # noqa: E402


def read_jsonl(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


class Llm2VecGen(nn.Module):
    def __init__(self, decoder, thought, compression, dimensions, head_width):
        super().__init__()
        self.decoder = decoder
        for parameter in decoder.parameters():
            parameter.requires_grad_(False)
        width = decoder.config["width"]
        self.thought, self.compression = thought, compression
        start = decoder.wte.weight.mean(0, keepdim=True)
        self.special = nn.Parameter(start.repeat(thought + compression, 1) + 0.02 * torch.randn(thought + compression, width))
        self.align = nn.Sequential(nn.Linear(width, head_width), nn.GELU(approximate="tanh"), nn.Linear(head_width, dimensions))
        self.reconstruct = nn.Sequential(nn.Linear(width, 2 * width), nn.GELU(approximate="tanh"), nn.Linear(2 * width, width))

    def compression_states(self, rows):
        """The last hidden states at the compression tokens, [batch, compression, width], for token-id rows."""
        special = self.thought + self.compression
        length = max(len(row) for row in rows) + special
        width = self.special.shape[1]
        embeds = torch.zeros(len(rows), length, width)
        mask = torch.zeros(len(rows), length, dtype=torch.long)
        for index, row in enumerate(rows):
            embeds[index, :len(row)] = self.decoder.wte(torch.tensor(row, dtype=torch.long))
            embeds[index, len(row):len(row) + special] = self.special
            mask[index, :len(row) + special] = 1
        positions = torch.arange(length).unsqueeze(0).expand(len(rows), length)
        _, hidden, _ = self.decoder(None, mask, positions, inputs_embeds=embeds)
        gather = torch.stack([torch.arange(len(row) + self.thought, len(row) + special) for row in rows])
        return hidden[torch.arange(len(rows)).unsqueeze(1), gather]

    def embed(self, states):
        return functional.normalize(self.align(states.mean(dim=1)), dim=-1)

    def self_alignment_loss(self, embeddings, response_passages, temperature):
        """In-batch contrastive loss from each embedding to its own response embedded as a passage."""
        targets = self.embed(self.compression_states(response_passages))
        logits = embeddings @ targets.t() / temperature
        return functional.cross_entropy(logits, torch.arange(len(response_passages)))

    def reconstruction_loss(self, states, responses):
        soft = self.reconstruct(states)
        count = soft.shape[1]
        length = count + max(len(response) for response in responses)
        embeds = torch.zeros(len(responses), length, soft.shape[2])
        mask = torch.zeros(len(responses), length, dtype=torch.long)
        targets = torch.full((len(responses), length), -100, dtype=torch.long)
        embeds[:, :count] = soft
        for index, response in enumerate(responses):
            ids = torch.tensor(response, dtype=torch.long)
            embeds[index, count:count + len(response)] = self.decoder.wte(ids)
            mask[index, :count + len(response)] = 1
            targets[index, count - 1:count - 1 + len(response)] = ids
        positions = torch.arange(length).unsqueeze(0).expand(len(responses), length)
        logits, _, _ = self.decoder(None, mask, positions, inputs_embeds=embeds)
        return functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=-100)


def write_safetensors(path, tensors):
    """Float32 tensors in the safetensors layout: header length, JSON header, raw little-endian data."""
    header, blobs, offset = {}, [], 0
    for name, tensor in tensors.items():
        data = tensor.detach().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * ((8 - len(encoded) % 8) % 8)
    with open(path, "wb") as handle:
        handle.write(struct.pack("<Q", len(encoded)))
        handle.write(encoded)
        for blob in blobs:
            handle.write(blob)


def write_folder(model, decoder_folder, out, templates, training):
    """The folder format that llm2vec-gen.json describes: the decoder with the special tokens' rows appended to its
    embeddings (its ONNX also outputs last_hidden_state), its tokenizer with the special tokens added, the head."""
    os.makedirs(f"{out}/onnx", exist_ok=True)
    frozen = model.decoder
    vocab = frozen.config["vocab_size"]
    special = model.thought + model.compression
    extended = TinyGpt(vocab + special, width=frozen.config["width"], layers=frozen.config["layers"],
                       heads=frozen.config["heads"], positions=frozen.config["positions"], rotary=False)
    state = {name: value.clone() for name, value in frozen.state_dict().items()}
    state["wte.weight"] = torch.cat([state["wte.weight"], model.special.detach()], dim=0)
    extended.load_state_dict(state)
    extended.eval()
    export_onnx(extended, f"{out}/onnx/model.onnx")
    with open(f"{decoder_folder}/config.json", encoding="utf-8") as handle:
        config = json.load(handle)
    write_json(f"{out}/config.json", {**config, "vocab_size": vocab + special})
    for name in ("generation_config.json", "tokenizer_config.json"):
        shutil.copyfile(f"{decoder_folder}/{name}", f"{out}/{name}")
    with open(f"{decoder_folder}/tokenizer.json", encoding="utf-8") as handle:
        tokenizer = json.load(handle)
    names = [f"<|thought_{index}|>" for index in range(model.thought)] + \
            [f"<|compress_{index}|>" for index in range(model.compression)]
    for offset, name in enumerate(names):
        tokenizer["added_tokens"].append({"id": vocab + offset, "content": name, "single_word": False, "lstrip": False,
                                          "rstrip": False, "normalized": False, "special": True})
    write_json(f"{out}/tokenizer.json", tokenizer)
    write_safetensors(f"{out}/head.safetensors", {
        "align.0.weight": model.align[0].weight, "align.0.bias": model.align[0].bias,
        "align.2.weight": model.align[2].weight, "align.2.bias": model.align[2].bias,
    })
    write_json(f"{out}/llm2vec-gen.json", {
        "format": "llm2vec-gen", "version": 1, "decoder": ".", "templates": templates,
        "thoughtTokenIds": list(range(vocab, vocab + model.thought)),
        "compressionTokenIds": list(range(vocab + model.thought, vocab + special)),
        "pooling": "mean",
        "head": {"file": "head.safetensors", "activation": "gelu-tanh", "layers": [
            {"weight": "align.0.weight", "bias": "align.0.bias"}, {"weight": "align.2.weight", "bias": "align.2.bias"}]},
        "dimensions": model.align[2].out_features, "normalize": True,
    })
    write_json(f"{out}/training.json", training)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--decoder", default="fixtures/models/tiny-lm")
    parser.add_argument("--data", default=".cache/training")
    parser.add_argument("--out", default="fixtures/models/tiny-llm2vec-gen")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps", type=int, default=600)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--learning-rate", type=float, default=3e-3)
    parser.add_argument("--thought", type=int, default=4)
    parser.add_argument("--compression", type=int, default=8)
    parser.add_argument("--head-width", type=int, default=512)
    parser.add_argument("--token-learning-rate-factor", type=float, default=5.0,
                        help="the special tokens' learning rate, as a multiple of --learning-rate")
    parser.add_argument("--reconstruction-weight", type=float, default=0.5)
    parser.add_argument("--contrastive-weight", type=float, default=1.0,
                        help="weight of the in-batch contrastive form of the alignment (0: mean squared error only)")
    parser.add_argument("--temperature", type=float, default=0.05)
    parser.add_argument("--self-alignment-weight", type=float, default=1.0,
                        help="weight of the query-to-own-response-passage contrastive objective (0: off)")
    arguments = parser.parse_args()

    torch.set_num_threads(int(os.environ.get("TRAIN_THREADS", "2")))
    random.seed(arguments.seed)
    torch.manual_seed(arguments.seed)
    with open(f"{arguments.data}/llm2vec-gen.json", encoding="utf-8") as handle:
        meta = json.load(handle)
    rows = read_jsonl(f"{arguments.data}/llm2vec-gen.jsonl")
    random.shuffle(rows)
    cut = min(300, len(rows) // 10)
    held_out, rows = rows[:cut], rows[cut:]
    decoder = load_tiny_lm(arguments.decoder)
    model = Llm2VecGen(decoder, arguments.thought, arguments.compression, meta["dimensions"], arguments.head_width)
    trainable = [parameter for parameter in model.parameters() if parameter.requires_grad]
    print(f"rows {len(rows)}, trainable parameters {sum(parameter.numel() for parameter in trainable)}", flush=True)
    heads = [parameter for name, parameter in model.named_parameters() if parameter.requires_grad and name != "special"]
    optimizer = torch.optim.AdamW([
        {"params": [model.special], "lr": arguments.learning_rate * arguments.token_learning_rate_factor},
        {"params": heads, "lr": arguments.learning_rate},
    ], weight_decay=0.0)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / 100) * max(0.05, 1 - step / arguments.steps))

    def evaluate():
        model.eval()
        with torch.no_grad():
            states = model.compression_states([row["inputIds"] for row in held_out])
            embeddings = model.embed(states)
            teacher = functional.normalize(torch.tensor([row["teacher"] for row in held_out]), dim=-1)
            cosine = (embeddings * teacher).sum(-1).mean().item()
            ranks = (embeddings @ teacher.t()).argsort(dim=1, descending=True)
            top1 = (ranks[:, 0] == torch.arange(len(held_out))).float().mean().item()
            reconstruction = model.reconstruction_loss(states, [row["responseIds"] for row in held_out]).item()
        model.train()
        return {"cosine": round(cosine, 4), "teacherTop1": round(top1, 4), "reconstruction": round(reconstruction, 4)}

    started = time.time()
    for step in range(arguments.steps):
        batch = random.sample(rows, arguments.batch_size)
        states = model.compression_states([row["inputIds"] for row in batch])
        teacher = functional.normalize(torch.tensor([row["teacher"] for row in batch]), dim=-1)
        embeddings = model.embed(states)
        alignment = ((embeddings - teacher) ** 2).sum(-1).mean()
        if arguments.contrastive_weight > 0:
            logits = embeddings @ teacher.t() / arguments.temperature
            alignment = alignment + arguments.contrastive_weight * functional.cross_entropy(
                logits, torch.arange(len(batch)))
        reconstruction = model.reconstruction_loss(states, [row["responseIds"] for row in batch])
        loss = alignment + arguments.reconstruction_weight * reconstruction
        if arguments.self_alignment_weight > 0:
            loss = loss + arguments.self_alignment_weight * model.self_alignment_loss(
                embeddings, [row["responsePassageIds"] for row in batch], arguments.temperature)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        scheduler.step()
        if step % 250 == 0:
            print(f"step {step} alignment {alignment.item():.4f} reconstruction {reconstruction.item():.4f} "
                  f"{time.time() - started:.0f}s {evaluate()}", flush=True)
    seconds = time.time() - started
    figures = evaluate()
    print(f"trained {arguments.steps} steps in {seconds:.0f}s; held out {figures}", flush=True)
    write_folder(model, arguments.decoder, arguments.out, meta["templates"], {
        "seed": arguments.seed, "steps": arguments.steps, "batchSize": arguments.batch_size,
        "learningRate": arguments.learning_rate, "tokenLearningRateFactor": arguments.token_learning_rate_factor,
        "headWidth": arguments.head_width, "thoughtTokens": arguments.thought,
        "compressionTokens": arguments.compression, "reconstructionWeight": arguments.reconstruction_weight,
        "contrastiveWeight": arguments.contrastive_weight, "temperature": arguments.temperature,
        "selfAlignmentWeight": arguments.self_alignment_weight,
        "teacher": meta["teacherModelId"], "trainingSeconds": round(seconds), "heldOut": figures,
    })
    print(f"wrote {arguments.out}", flush=True)


if __name__ == "__main__":
    main()
