"""Trains tiny-lm, the world's generator, and exports it for transformers.js.

Reads .cache/training/lm.jsonl and lm-check.jsonl (written by build-training-data.ts). The loss covers what the
model writes (steps and answers), not the passages and the question it reads (--loss all: every token). Fixed seed
and step count: running it again writes the same files. Before it writes the model it checks, by greedy decoding, exact match on
known facts closed-book and on unseen entities with the passage in the prompt; it refuses to write a model that
misses the floors given on the command line.
"""
import argparse
import json
import math
import os
import random
import sys
import time

import torch
from torch.nn import functional

sys.path.insert(0, os.path.dirname(__file__))
from byte_level_bpe import ByteLevelBpe, write_json  # noqa: E402
from tiny_gpt import TinyGpt, export_onnx  # noqa: E402


def read_jsonl(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def completion_mask(tokenizer, text):
    """Token ids of a text and a 0/1 mask: 0 over the passages and the first question, 1 from the first step on."""
    cut = text.find("\nStep:")
    if cut == -1:
        cut = text.find("\nAnswer:")
    prompt, completion = (text[:cut], text[cut:]) if cut != -1 else (text, "")
    prompt_ids, completion_ids = tokenizer.encode(prompt), tokenizer.encode(completion)
    return prompt_ids + completion_ids, [0] * len(prompt_ids) + [1] * len(completion_ids)


def batches(sequences, batch_size, generator):
    """Batches of similar length (sorted with random jitter), in random order, so that little time goes to padding."""
    while True:
        jitter = torch.rand(len(sequences), generator=generator).tolist()
        order = sorted(range(len(sequences)), key=lambda index: len(sequences[index][0]) + 8 * jitter[index])
        groups = [order[start:start + batch_size] for start in range(0, len(order) - batch_size + 1, batch_size)]
        for group_index in torch.randperm(len(groups), generator=generator).tolist():
            chosen = [sequences[index] for index in groups[group_index]]
            length = max(len(sequence) for sequence, _ in chosen)
            ids = torch.zeros(batch_size, length, dtype=torch.long)
            mask = torch.zeros(batch_size, length, dtype=torch.long)
            weights = torch.zeros(batch_size, length, dtype=torch.long)
            for row, (sequence, weight) in enumerate(chosen):
                ids[row, :len(sequence)] = torch.tensor(sequence)
                mask[row, :len(sequence)] = 1
                weights[row, :len(weight)] = torch.tensor(weight)
            yield ids, mask, weights


def greedy(model, tokenizer, prompt, max_new_tokens=40):
    ids = tokenizer.encode(prompt)
    start = len(ids)
    with torch.no_grad():
        for _ in range(max_new_tokens):
            tensor = torch.tensor([ids])
            logits, _, _ = model(tensor, torch.ones_like(tensor), torch.arange(len(ids)).unsqueeze(0))
            next_id = int(logits[0, -1].argmax())
            if next_id == tokenizer.end_of_text_id:
                break
            ids.append(next_id)
    return tokenizer.decode(ids[start:])


def answer_of(completion):
    for line in completion.split("\n"):
        if line.startswith("Answer:"):
            return line[len("Answer:"):].strip()
    return None


def check(model, tokenizer, checks, limit, sets=("known", "passage", "reworded")):
    model.eval()
    scores = {}
    by_set = {}
    for item in checks:
        by_set.setdefault(item["set"], []).append(item)
    for name, items in by_set.items():
        if name not in sets:
            continue
        items = items[:limit]
        correct = sum(answer_of(greedy(model, tokenizer, item["prompt"])) == item["answer"] for item in items)
        scores[name] = correct / len(items)
    model.train()
    return scores


def write_model(model, tokenizer, out, training):
    """Writes the folder transformers.js loads: onnx/model.onnx, tokenizer, config and a record of the training."""
    os.makedirs(f"{out}/onnx", exist_ok=True)
    model.eval()
    export_onnx(model, f"{out}/onnx/model.onnx")
    tokenizer.save(out, model.config["positions"])
    end = tokenizer.end_of_text_id
    vocab_size = end + 1
    write_json(f"{out}/config.json", {
        "model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": vocab_size,
        "n_layer": model.config["layers"], "n_head": model.config["heads"], "n_embd": model.config["width"],
        "n_positions": model.config["positions"], "n_ctx": model.config["positions"],
        "bos_token_id": end, "eos_token_id": end, "pad_token_id": end,
    })
    write_json(f"{out}/generation_config.json", {"bos_token_id": end, "eos_token_id": end, "pad_token_id": end})
    write_json(f"{out}/training.json", training)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=".cache/training")
    parser.add_argument("--out", default="fixtures/models/tiny-lm")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--learning-rate", type=float, default=2e-3)
    parser.add_argument("--merges", type=int, default=300)
    parser.add_argument("--heads", type=int, default=8)
    parser.add_argument("--width", type=int, default=128)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--positions", choices=["rotary", "learned"], default="learned",
                        help="GPT-2's learned absolute position embeddings (the bundled model) or rotary angles")
    parser.add_argument("--min-known", type=float, default=0.9)
    parser.add_argument("--min-passage", type=float, default=0.8)
    parser.add_argument("--check-every", type=int, default=500)
    parser.add_argument("--texts", default="lm.jsonl", help="the training texts, a file in --data")
    parser.add_argument("--resume", help="start from the weights of an earlier run (a .pt checkpoint it saved)")
    parser.add_argument("--checkpoint", help="also save the final weights here, for a later --resume")
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--loss", choices=["completion", "all"], default="completion",
                        help="train on what the model writes (steps, answers) or on every token")
    arguments = parser.parse_args()

    torch.set_num_threads(int(os.environ.get("TRAIN_THREADS", "2")))
    random.seed(arguments.seed)
    torch.manual_seed(arguments.seed)
    generator = torch.Generator().manual_seed(arguments.seed)

    texts = [row["text"] for row in read_jsonl(f"{arguments.data}/{arguments.texts}")]
    tokenizer_texts = [row["text"] for row in read_jsonl(f"{arguments.data}/lm.jsonl")]
    checks = read_jsonl(f"{arguments.data}/lm-check.jsonl")
    tokenizer = ByteLevelBpe.train(tokenizer_texts[:20000], arguments.merges)
    sequences = [completion_mask(tokenizer, text) for text in texts]
    if arguments.loss == "all":
        sequences = [(ids, [1] * len(ids)) for ids, _ in sequences]
    vocab_size = tokenizer.end_of_text_id + 1
    lengths = [len(ids) for ids, _ in sequences]
    print(f"vocab {vocab_size}, tokens per example {sum(lengths) / len(lengths):.0f}, longest {max(lengths)}", flush=True)

    model = TinyGpt(vocab_size, width=arguments.width, layers=arguments.layers, heads=arguments.heads,
                    rotary=arguments.positions == "rotary")
    if arguments.resume:
        saved = torch.load(arguments.resume)
        if saved["merges"] != tokenizer.merges:
            sys.exit(f"{arguments.resume} was trained with another tokenizer (different merges)")
        model.load_state_dict(saved["model"])
        print(f"resumed from {arguments.resume}", flush=True)
    print(f"parameters {sum(parameter.numel() for parameter in model.parameters())}", flush=True)
    decay = [parameter for name, parameter in model.named_parameters() if parameter.dim() >= 2]
    no_decay = [parameter for name, parameter in model.named_parameters() if parameter.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                                  lr=arguments.learning_rate, betas=(0.9, 0.98))
    warmup = arguments.warmup

    def learning_rate(step):
        if step < warmup:
            return (step + 1) / warmup
        progress = (step - warmup) / max(1, arguments.steps - warmup)
        return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, learning_rate)
    started = time.time()
    stream = batches(sequences, arguments.batch_size, generator)
    for step in range(arguments.steps):
        ids, mask, weights = next(stream)
        positions = torch.arange(ids.shape[1]).unsqueeze(0).expand_as(ids)
        logits, _, _ = model(ids, mask, positions)
        targets = ids[:, 1:].masked_fill(weights[:, 1:] == 0, -100)
        loss = functional.cross_entropy(logits[:, :-1].reshape(-1, vocab_size), targets.reshape(-1), ignore_index=-100)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        if step % 100 == 0:
            print(f"step {step} loss {loss.item():.4f} {time.time() - started:.0f}s", flush=True)
        if arguments.check_every and step > 0 and step % arguments.check_every == 0:
            print(f"step {step} check {check(model, tokenizer, checks, 60)}", flush=True)

    seconds = time.time() - started
    if arguments.checkpoint:
        torch.save({"model": model.state_dict(), "config": model.config, "merges": tokenizer.merges}, arguments.checkpoint)
    scores = check(model, tokenizer, checks, 10_000)
    print(f"trained {arguments.steps} steps in {seconds:.0f}s; final check {scores}", flush=True)
    if scores["known"] < arguments.min_known or scores["passage"] < arguments.min_passage:
        os.makedirs(os.path.dirname(os.path.abspath(arguments.out)), exist_ok=True)
        torch.save({"model": model.state_dict(), "config": model.config, "merges": tokenizer.merges}, f"{arguments.out}.rejected.pt")
        print(f"below the floors: the model is not written (weights kept in {arguments.out}.rejected.pt)", flush=True)
        sys.exit(1)

    write_model(model, tokenizer, arguments.out, {
        "seed": arguments.seed, "steps": arguments.steps, "batchSize": arguments.batch_size,
        "learningRate": arguments.learning_rate, "merges": arguments.merges, "heads": arguments.heads,
        "width": arguments.width, "layers": arguments.layers, "positions": arguments.positions, "loss": arguments.loss, "trainingSeconds": round(seconds), "pythonCheck": scores,
    })
    print(f"wrote {arguments.out}", flush=True)


if __name__ == "__main__":
    main()
