"""Trains tiny-reranker, a BERT-style cross-encoder that scores how well a passage answers a question.

Input: "[CLS] question [SEP] passage [SEP]"; output: one relevance logit read at [CLS]. Trained listwise: for each
question a softmax over its gold paragraph and hard negatives: the other paragraphs of the same document (same name,
other facts), the paragraphs of other entities that a first-stage retriever ranks highest for it (found with the
encoder after its warm-up), and random paragraphs. Questions come from .cache/training/reranker.jsonl (the world's facts
the generator may train on, and reading worlds whose thousands of fresh names teach it to match names it has never
seen rather than memorise a few hundred) and, without labels, encoder.jsonl's (sentence, its paragraph) pairs. Checks,
before it writes the model, how often the gold paragraph comes first among 16 candidates for dev questions.
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
from train_tiny_encoder import TinyBert, pad, pool  # noqa: E402
from word_piece import WordPiece  # noqa: E402


class TinyCrossEncoder(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.encoder = TinyBert(vocab_size)
        self.config = self.encoder.config
        self.classifier = nn.Linear(self.config["width"], 1)

    def forward(self, input_ids, attention_mask):
        return self.classifier(self.encoder(input_ids, attention_mask)[:, 0])


def encode_pair(tokenizer, query, passage, max_length=256):
    query_ids = tokenizer.encode(query)
    passage_ids = tokenizer.encode(passage)[1:]
    return (query_ids + passage_ids)[: max_length - 1] + [passage_ids[-1]]


def candidates(rng, question, texts, count):
    """The gold paragraph first, then its document's other paragraphs, then paragraphs of other documents: half of
    them the ones a first-stage retriever confuses with the gold one (`hard`, when known), half at random."""
    same = question["sameDocument"]
    hard = list(question.get("hard", []))
    others = []
    while len(others) < count - 1 - len(same):
        text = hard.pop(rng.randrange(len(hard))) if hard and len(others) % 2 == 0 else rng.choice(texts)
        if text != question["gold"] and text not in same and text not in others:
            others.append(text)
    return [question["gold"], *same, *others][:count]


def add_hard_negatives(encoder, tokenizer, questions, texts, depth=20):
    """For each question, the paragraphs the warmed-up encoder ranks highest that are not its own document's."""
    encoder.eval()
    with torch.no_grad():
        def embed(strings):
            vectors = []
            for start in range(0, len(strings), 256):
                ids, mask = pad([tokenizer.encode(text) for text in strings[start:start + 256]])
                vectors.append(pool(encoder(ids, mask), mask))
            return torch.cat(vectors)
        passages = embed(texts)
        queries = embed([question["question"] for question in questions])
        ranked = (queries @ passages.T).topk(depth + 4, dim=1).indices.tolist()
    encoder.train()
    for question, order in zip(questions, ranked):
        own = {question["gold"], *question["sameDocument"]}
        question["hard"] = [texts[index] for index in order if texts[index] not in own][:depth]


def precision_at_1(model, tokenizer, rng, questions, texts):
    model.eval()
    hits = 0
    with torch.no_grad():
        for question in questions:
            listed = candidates(rng, question, texts, 16)
            ids, mask = pad([encode_pair(tokenizer, question["question"], text) for text in listed])
            hits += int(model(ids, mask)[:, 0].argmax()) == 0
    model.train()
    return hits / len(questions)


def warm_up_as_bi_encoder(encoder, tokenizer, training, rng, steps, batch_size=96, temperature=0.05):
    """Contrastive training of the encoder alone (question and gold paragraph embedded apart, in-batch negatives):
    it learns to match names and facts from many comparisons a step, which the listwise cross-encoder stage then
    refines. Without it the cross-encoder learned slowly and overfitted the names it trained on."""
    optimizer = torch.optim.AdamW(encoder.parameters(), lr=1e-3, weight_decay=0.01)
    for step in range(steps):
        batch = rng.sample(training, batch_size)
        query_ids, query_mask = pad([tokenizer.encode(row["question"]) for row in batch])
        passage_ids, passage_mask = pad([tokenizer.encode(row["gold"]) for row in batch])
        queries = pool(encoder(query_ids, query_mask), query_mask)
        passages = pool(encoder(passage_ids, passage_mask), passage_mask)
        scores = queries @ passages.T / temperature
        same = torch.tensor([[left["gold"] == right["gold"] for right in batch] for left in batch])
        scores = scores.masked_fill(same & ~torch.eye(len(batch), dtype=torch.bool), -1e4)
        targets = torch.arange(len(batch))
        loss = (functional.cross_entropy(scores, targets) + functional.cross_entropy(scores.T, targets)) / 2
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        if step % 100 == 0:
            print(f"warm-up step {step} loss {loss.item():.4f}", flush=True)


class OnnxCrossEncoder(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return self.model(input_ids, attention_mask)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=".cache/training")
    parser.add_argument("--world", default="fixtures/world")
    parser.add_argument("--out", default="fixtures/models/tiny-reranker")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    parser.add_argument("--warm-up-steps", type=int, default=600)
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--questions-per-step", type=int, default=8)
    parser.add_argument("--list-size", type=int, default=8)
    parser.add_argument("--min-precision", type=float, default=0.75)
    arguments = parser.parse_args()

    torch.set_num_threads(int(os.environ.get("TRAIN_THREADS", "2")))
    rng = random.Random(arguments.seed)
    torch.manual_seed(arguments.seed)

    read = lambda path: [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]  # noqa: E731
    paragraphs = read(f"{arguments.data}/paragraphs.jsonl")
    by_document = {}
    for row in paragraphs:
        by_document.setdefault(row["documentId"], []).append(row["text"])
    document_of = {row["text"]: row["documentId"] for row in paragraphs}

    def listed(query, gold):
        return {"question": query, "gold": gold, "sameDocument": [text for text in by_document[document_of[gold]] if text != gold]}

    labelled = [{"question": row["query"], "gold": row["passage"], "sameDocument": row["sameDocument"]}
                for row in read(f"{arguments.data}/reranker.jsonl")]
    unlabelled = [listed(row["query"], row["passage"]) for row in read(f"{arguments.data}/encoder.jsonl")
                  if row["passage"] in document_of and not row["query"].endswith("?")]
    training = labelled + unlabelled
    texts = sorted({row["text"] for row in paragraphs} | {row["gold"] for row in labelled})
    dev = []
    for row in read(f"{arguments.world}/qa/unknown.jsonl"):
        if row["split"] != "dev":
            continue
        gold = next((text for text in by_document[row["supportingDocuments"][0]] if row["answers"][0] in text), None)
        if gold is not None:
            dev.append(listed(row["question"], gold))
    tokenizer = WordPiece.build(texts + [row["question"] for row in training] +
                                [text for row in labelled for text in row["sameDocument"]])
    print(f"vocab {len(tokenizer.tokens)}, labelled {len(labelled)}, unlabelled {len(unlabelled)}, dev {len(dev)}",
          flush=True)

    model = TinyCrossEncoder(len(tokenizer.tokens))
    started = time.time()
    warm_up_as_bi_encoder(model.encoder, tokenizer, training, rng, arguments.warm_up_steps)
    print(f"bi-encoder warm-up: {arguments.warm_up_steps} steps in {time.time() - started:.0f}s", flush=True)
    add_hard_negatives(model.encoder, tokenizer, training, texts)
    add_hard_negatives(model.encoder, tokenizer, dev, texts)
    optimizer = torch.optim.AdamW(model.parameters(), lr=arguments.learning_rate, weight_decay=0.01)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / 50) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * step / arguments.steps))))
    for step in range(arguments.steps):
        questions = rng.sample(training, arguments.questions_per_step)
        lists = [candidates(rng, question, texts, arguments.list_size) for question in questions]
        batch = [encode_pair(tokenizer, question["question"], text)
                 for question, texts in zip(questions, lists) for text in texts]
        ids, mask = pad(batch)
        logits = model(ids, mask).view(len(lists), arguments.list_size)
        loss = functional.cross_entropy(logits, torch.zeros(len(lists), dtype=torch.long))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        scheduler.step()
        if step % 100 == 0:
            print(f"step {step} loss {loss.item():.4f} {time.time() - started:.0f}s", flush=True)
        if step % 500 == 0 and step > 0:
            print(f"step {step} dev precision@1 {precision_at_1(model, tokenizer, random.Random(1), dev[:100], texts):.3f}",
                  flush=True)

    seconds = time.time() - started
    precision = precision_at_1(model, tokenizer, random.Random(1), dev, texts)
    print(f"trained {arguments.steps} steps in {seconds:.0f}s; dev precision@1 among 16 {precision:.3f}", flush=True)
    if precision < arguments.min_precision:
        print("below the floor: the model is not written", flush=True)
        sys.exit(1)

    os.makedirs(f"{arguments.out}/onnx", exist_ok=True)
    model.eval()
    ids, mask = pad([encode_pair(tokenizer, "a question", "a passage"), encode_pair(tokenizer, "another", "one")])
    with torch.no_grad():
        torch.onnx.export(
            OnnxCrossEncoder(model), (ids, mask), f"{arguments.out}/onnx/model.onnx",
            input_names=["input_ids", "attention_mask"], output_names=["logits"],
            dynamic_axes={"input_ids": {0: "batch_size", 1: "sequence_length"},
                          "attention_mask": {0: "batch_size", 1: "sequence_length"},
                          "logits": {0: "batch_size"}},
            opset_version=17, do_constant_folding=True,
        )
    tokenizer.save(arguments.out, model.config["positions"])
    write_json(f"{arguments.out}/config.json", {
        "model_type": "bert", "architectures": ["BertForSequenceClassification"], "vocab_size": len(tokenizer.tokens),
        "hidden_size": model.config["width"], "num_hidden_layers": model.config["layers"],
        "num_attention_heads": model.config["heads"], "intermediate_size": 4 * model.config["width"],
        "max_position_embeddings": model.config["positions"], "type_vocab_size": 1, "pad_token_id": 0,
        "num_labels": 1, "id2label": {"0": "relevance"}, "label2id": {"relevance": 0},
    })
    write_json(f"{arguments.out}/training.json", {
        "seed": arguments.seed, "warmUpSteps": arguments.warm_up_steps, "steps": arguments.steps, "questionsPerStep": arguments.questions_per_step,
        "listSize": arguments.list_size, "trainingSeconds": round(seconds), "pythonDevPrecisionAt1": precision,
    })
    print(f"wrote {arguments.out}", flush=True)


if __name__ == "__main__":
    main()
