"""Byte-level BPE, trained on the world's text and saved as a tokenizer.json that transformers.js loads as GPT2Tokenizer.

The pre-tokenizer is GPT-2's regular expression restricted to ASCII (the world's text is ASCII), so that Python and
transformers.js split the training text the same way.
"""
import json
import re
from collections import Counter

END_OF_TEXT = "<|endoftext|>"
PRE_TOKENIZE = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+""")


def bytes_to_unicode():
    """GPT-2's reversible map from bytes to printable characters."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    characters = printable[:]
    extra = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            characters.append(256 + extra)
            extra += 1
    return {byte: chr(character) for byte, character in zip(printable, characters)}


BYTE_TO_CHAR = bytes_to_unicode()


def to_symbols(word):
    return tuple(BYTE_TO_CHAR[byte] for byte in word.encode("utf-8"))


class ByteLevelBpe:
    def __init__(self, merges):
        self.merges = merges
        self.ranks = {pair: rank for rank, pair in enumerate(merges)}
        base = [BYTE_TO_CHAR[byte] for byte in range(256)]
        self.vocab = {symbol: index for index, symbol in enumerate(base)}
        for left, right in merges:
            self.vocab.setdefault(left + right, len(self.vocab))
        self.end_of_text_id = len(self.vocab)
        self.cache = {}

    @staticmethod
    def train(texts, merge_count):
        words = Counter()
        for text in texts:
            for part in text.split(END_OF_TEXT):
                for word in PRE_TOKENIZE.findall(part):
                    words[to_symbols(word)] += 1
        merges = []
        words = dict(words)
        for _ in range(merge_count):
            pairs = Counter()
            for symbols, count in words.items():
                for pair in zip(symbols, symbols[1:]):
                    pairs[pair] += count
            if not pairs:
                break
            best = max(pairs.items(), key=lambda item: (item[1], item[0]))[0]
            merges.append(best)
            merged = {}
            for symbols, count in words.items():
                merged[merge_pair(symbols, best)] = count
            words = merged
        return ByteLevelBpe(merges)

    def encode_word(self, word):
        if word in self.cache:
            return self.cache[word]
        symbols = to_symbols(word)
        while len(symbols) > 1:
            candidates = [(self.ranks.get(pair, 1 << 30), pair) for pair in zip(symbols, symbols[1:])]
            rank, pair = min(candidates)
            if rank == 1 << 30:
                break
            symbols = merge_pair(symbols, pair)
        ids = [self.vocab[symbol] for symbol in symbols]
        self.cache[word] = ids
        return ids

    def encode(self, text):
        ids = []
        parts = text.split(END_OF_TEXT)
        for index, part in enumerate(parts):
            for word in PRE_TOKENIZE.findall(part):
                ids.extend(self.encode_word(word))
            if index < len(parts) - 1:
                ids.append(self.end_of_text_id)
        return ids

    def decode(self, ids):
        char_to_byte = {char: byte for byte, char in BYTE_TO_CHAR.items()}
        inverse = {index: symbol for symbol, index in self.vocab.items()}
        data = bytearray()
        for index in ids:
            if index == self.end_of_text_id:
                data.extend(END_OF_TEXT.encode())
            else:
                data.extend(char_to_byte[char] for char in inverse[index])
        return data.decode("utf-8", errors="replace")

    def save(self, folder, max_length):
        vocab = dict(self.vocab)
        vocab[END_OF_TEXT] = self.end_of_text_id
        tokenizer = {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [
                {"id": self.end_of_text_id, "content": END_OF_TEXT, "single_word": False, "lstrip": False,
                 "rstrip": False, "normalized": True, "special": True}
            ],
            "normalizer": None,
            "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
            "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
            "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
            "model": {
                "type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                "vocab": vocab, "merges": [f"{left} {right}" for left, right in self.merges],
            },
        }
        write_json(f"{folder}/tokenizer.json", tokenizer)
        write_json(f"{folder}/tokenizer_config.json", {
            "tokenizer_class": "GPT2Tokenizer", "model_max_length": max_length, "add_prefix_space": False,
            "bos_token": END_OF_TEXT, "eos_token": END_OF_TEXT, "unk_token": END_OF_TEXT, "pad_token": END_OF_TEXT,
            "clean_up_tokenization_spaces": False,
        })


def merge_pair(symbols, pair):
    merged = []
    index = 0
    while index < len(symbols):
        if index < len(symbols) - 1 and (symbols[index], symbols[index + 1]) == pair:
            merged.append(symbols[index] + symbols[index + 1])
            index += 2
        else:
            merged.append(symbols[index])
            index += 1
    return tuple(merged)


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(value, handle, ensure_ascii=False, indent=1, sort_keys=False)
        handle.write("\n")
