"""Exports weights that train_tiny_lm.py kept without writing a model (`<out>.rejected.pt`, below its floors), so that
they can be examined through transformers.js. The result is marked as rejected in its training.json.

    /usr/bin/python3 scripts/models/export_tiny_lm.py --weights fixtures/models/tiny-lm.rejected.pt --out /tmp/tiny-lm
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from byte_level_bpe import ByteLevelBpe  # noqa: E402
from tiny_gpt import TinyGpt  # noqa: E402
from train_tiny_lm import write_model  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--weights", required=True)
    parser.add_argument("--out", required=True)
    arguments = parser.parse_args()
    saved = torch.load(arguments.weights)
    tokenizer = ByteLevelBpe([tuple(pair) for pair in saved["merges"]])
    config = saved.get("config") or {"vocab_size": tokenizer.end_of_text_id + 1, "width": 128, "layers": 2, "heads": 8,
                                       "positions": 512, "rotary": False}
    model = TinyGpt(config["vocab_size"], width=config["width"], layers=config["layers"], heads=config["heads"],
                    positions=config["positions"], rotary=config["rotary"])
    model.load_state_dict(saved["model"])
    write_model(model, tokenizer, arguments.out, {"rejected": True, "source": os.path.basename(arguments.weights)})
    print(f"wrote {arguments.out}")


if __name__ == "__main__":
    main()
