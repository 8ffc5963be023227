"""A WordPiece vocabulary built from the world's text, saved as a tokenizer.json that transformers.js loads as BertTokenizer.

Whole words seen in the training text get one token each; any other word falls back to single-character pieces, so no
input is ever lost to [UNK] except characters outside the vocabulary.
"""
import re
import string
from collections import Counter

from byte_level_bpe import write_json

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
SPLIT = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")


def pre_tokenize(text):
    """BertNormalizer (lower case) then BertPreTokenizer (whitespace and punctuation), for ASCII text."""
    return SPLIT.findall(text.lower())


class WordPiece:
    def __init__(self, tokens):
        self.tokens = tokens
        self.vocab = {token: index for index, token in enumerate(tokens)}

    @staticmethod
    def build(texts, min_count=1):
        counts = Counter(word for text in texts for word in pre_tokenize(text))
        characters = list(string.ascii_lowercase + string.digits + string.punctuation)
        words = sorted(word for word, count in counts.items() if count >= min_count and word not in characters)
        tokens = SPECIAL + characters + [f"##{character}" for character in string.ascii_lowercase + string.digits] + words
        return WordPiece(tokens)

    def encode_word(self, word):
        pieces = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while end > start:
                piece = word[start:end] if start == 0 else f"##{word[start:end]}"
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return [self.vocab["[UNK]"]]
            pieces.append(found)
            start = end
        return pieces

    def encode(self, text, max_length=256):
        ids = [self.vocab["[CLS]"]]
        for word in pre_tokenize(text):
            ids.extend(self.encode_word(word))
        return ids[: max_length - 1] + [self.vocab["[SEP]"]]

    def save(self, folder, max_length):
        def special(token):
            return {"id": self.vocab[token], "content": token, "single_word": False, "lstrip": False, "rstrip": False,
                    "normalized": False, "special": True}

        cls, sep = self.vocab["[CLS]"], self.vocab["[SEP]"]
        write_json(f"{folder}/tokenizer.json", {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [special(token) for token in SPECIAL],
            "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                           "strip_accents": None, "lowercase": True},
            "pre_tokenizer": {"type": "BertPreTokenizer"},
            "post_processor": {
                "type": "TemplateProcessing",
                "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                           {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
                "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                         {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                         {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
                "special_tokens": {
                    "[CLS]": {"id": "[CLS]", "ids": [cls], "tokens": ["[CLS]"]},
                    "[SEP]": {"id": "[SEP]", "ids": [sep], "tokens": ["[SEP]"]},
                },
            },
            "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
            "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                      "max_input_chars_per_word": 100, "vocab": self.vocab},
        })
        write_json(f"{folder}/tokenizer_config.json", {
            "tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": max_length,
            "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "unk_token": "[UNK]",
            "mask_token": "[MASK]", "clean_up_tokenization_spaces": True,
        })
