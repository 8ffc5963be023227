"""Converts a released LLM2Vec-Gen checkpoint (for example McGill-NLP/LLM2Vec-Gen-Qwen3-06B) into the folder format
Recall's `llm2vec-gen` embedding adapter loads (see README, "LLM2Vec-Gen model folders").

THIS SCRIPT CANNOT RUN ON RECALL'S BUILD MACHINES: it needs the Hugging Face hub (or a downloaded copy of the
checkpoint and its base model) and the Python packages `transformers` and `safetensors`, which these machines do not
have (PyPI is unreachable). Run it where they are available, then copy the output folder over.

What it does:
1. loads the base decoder and its tokenizer, adds the thought and compression tokens, and writes their trained
   embeddings into the new rows of the input embedding matrix (the LM head is left as it is: only hidden states are
   read);
2. exports the decoder to ONNX with the inputs and outputs transformers.js expects of a causal LM with a key/value
   cache, plus a `last_hidden_state` output (the final normed hidden states);
3. writes the alignment head as head.safetensors and llm2vec-gen.json with the instructions, token ids and pooling.

The names of the checkpoint's tensors differ between releases: pass them with --special-embeddings and --head-layers
(inspect the checkpoint's safetensors index to find them).

    python3 convert_llm2vec_gen.py --checkpoint ./LLM2Vec-Gen-Qwen3-06B --base Qwen/Qwen3-0.6B \\
        --special-embeddings special_tokens.weight --head-layers align.0 align.2 --thought 10 --compression 10 \\
        --out models/llm2vec-gen-qwen3-06b
"""
import argparse
import json
import os
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkpoint", required=True, help="folder of the released LLM2Vec-Gen checkpoint")
    parser.add_argument("--base", required=True, help="the frozen base decoder: a hub id or a folder")
    parser.add_argument("--special-embeddings", required=True,
                        help="tensor holding the thought then compression token embeddings, [thought+compression, hidden]")
    parser.add_argument("--head-layers", nargs="+", required=True,
                        help="prefixes of the head's linear layers, in order (each has .weight and .bias)")
    parser.add_argument("--activation", default="gelu-tanh", choices=["gelu-tanh", "relu", "identity"])
    parser.add_argument("--thought", type=int, required=True)
    parser.add_argument("--compression", type=int, required=True)
    parser.add_argument("--query-instruction", default="Generate a passage that best answers this question: ")
    parser.add_argument("--passage-instruction", default="Summarize the following passage: ")
    parser.add_argument("--out", required=True)
    arguments = parser.parse_args()

    try:
        import torch
        from safetensors.torch import load_file, save_file
        from transformers import AutoModelForCausalLM, AutoTokenizer
    except ImportError as error:
        sys.exit(f"{error}: this converter needs torch, transformers and safetensors (see the help: it cannot run on "
                 "machines without PyPI).")

    tensors = {}
    for name in sorted(os.listdir(arguments.checkpoint)):
        if name.endswith(".safetensors"):
            tensors.update(load_file(os.path.join(arguments.checkpoint, name)))
    special = tensors[arguments.special_embeddings].float()
    count = arguments.thought + arguments.compression
    if special.shape[0] != count:
        sys.exit(f"{arguments.special_embeddings} has {special.shape[0]} rows, not thought + compression = {count}")

    tokenizer = AutoTokenizer.from_pretrained(arguments.base)
    model = AutoModelForCausalLM.from_pretrained(arguments.base, torch_dtype=torch.float32).eval()
    names = [f"<|thought_{index}|>" for index in range(arguments.thought)] + \
            [f"<|compress_{index}|>" for index in range(arguments.compression)]
    tokenizer.add_special_tokens({"additional_special_tokens": names})
    ids = tokenizer.convert_tokens_to_ids(names)
    model.resize_token_embeddings(len(tokenizer))
    with torch.no_grad():
        model.get_input_embeddings().weight[ids] = special

    os.makedirs(os.path.join(arguments.out, "onnx"), exist_ok=True)
    tokenizer.save_pretrained(arguments.out)
    model.config.save_pretrained(arguments.out)
    model.generation_config.save_pretrained(arguments.out)
    export_decoder(torch, model, os.path.join(arguments.out, "onnx", "model.onnx"))

    head, layers = {}, []
    for prefix in arguments.head_layers:
        head[f"{prefix}.weight"] = tensors[f"{prefix}.weight"].float().contiguous()
        layer = {"weight": f"{prefix}.weight"}
        if f"{prefix}.bias" in tensors:
            head[f"{prefix}.bias"] = tensors[f"{prefix}.bias"].float().contiguous()
            layer["bias"] = f"{prefix}.bias"
        layers.append(layer)
    save_file(head, os.path.join(arguments.out, "head.safetensors"))
    with open(os.path.join(arguments.out, "llm2vec-gen.json"), "w", encoding="utf-8") as handle:
        json.dump({
            "format": "llm2vec-gen", "version": 1, "decoder": ".",
            "templates": {"query": arguments.query_instruction + "{text}",
                          "passage": arguments.passage_instruction + "{text}"},
            "thoughtTokenIds": ids[:arguments.thought], "compressionTokenIds": ids[arguments.thought:],
            "pooling": "mean",
            "head": {"file": "head.safetensors", "activation": arguments.activation, "layers": layers},
            "dimensions": int(head[layers[-1]["weight"]].shape[0]), "normalize": True,
        }, handle, indent=1)
    print(f"wrote {arguments.out}")


def export_decoder(torch, model, path):
    """ONNX with input_ids, attention_mask, position_ids, past_key_values.{i}.key/value in; logits,
    last_hidden_state, present.{i}.key/value out (the names transformers.js reads)."""
    config = model.config
    layers = config.num_hidden_layers
    heads = getattr(config, "num_key_value_heads", config.num_attention_heads)
    head_size = getattr(config, "head_dim", config.hidden_size // config.num_attention_heads)

    class Wrapper(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, position_ids, *past):
            from transformers import DynamicCache
            cache = DynamicCache()
            for index in range(layers):
                cache.update(past[2 * index], past[2 * index + 1], index)
            output = self.model(input_ids=input_ids, attention_mask=attention_mask, position_ids=position_ids,
                                past_key_values=cache, use_cache=True, output_hidden_states=True)
            presents = []
            for index in range(layers):
                presents.extend(output.past_key_values[index])
            return (output.logits, output.hidden_states[-1], *presents)

    past_names = [f"past_key_values.{index}.{kind}" for index in range(layers) for kind in ("key", "value")]
    present_names = [f"present.{index}.{kind}" for index in range(layers) for kind in ("key", "value")]
    dynamic = {"input_ids": {0: "batch_size", 1: "sequence_length"},
               "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
               "position_ids": {0: "batch_size", 1: "sequence_length"},
               "logits": {0: "batch_size", 1: "sequence_length"},
               "last_hidden_state": {0: "batch_size", 1: "sequence_length"}}
    for name in past_names:
        dynamic[name] = {0: "batch_size", 2: "past_sequence_length"}
    for name in present_names:
        dynamic[name] = {0: "batch_size", 2: "total_sequence_length"}
    past = [torch.zeros(1, heads, 2, head_size) for _ in range(2 * layers)]
    with torch.no_grad():
        torch.onnx.export(Wrapper().eval(), (torch.tensor([[1, 2, 3]]), torch.ones(1, 5, dtype=torch.long),
                                             torch.tensor([[2, 3, 4]]), *past), path,
                          input_names=["input_ids", "attention_mask", "position_ids", *past_names],
                          output_names=["logits", "last_hidden_state", *present_names],
                          dynamic_axes=dynamic, opset_version=17)


if __name__ == "__main__":
    main()
