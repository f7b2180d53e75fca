"""Bounds on the work one article can cost, whatever its text looks like.

Two shapes of hostile (or broken) input make spaCy and xiputin's rules super-linear: a long run of characters
without whitespace (the tokenizer strips punctuation off it one character at a time, re-scanning the rest
each time: 20,000 quotation marks took minutes) and a long stretch without sentence punctuation (one
"sentence" of 100,000 tokens, over which per-sentence rules are quadratic). The tokenizer wrapper cuts such
runs into pieces it tokenizes one by one, and the `xiputin_sentence_bound` component, before the parser,
starts a sentence wherever none could have started for `max_tokens` tokens. Neither changes the text: every
offset stays exact, and ordinary prose (whitespace every few characters, a full stop every few dozen words) is
left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

MAX_RUN = 300  # characters without whitespace tokenized in one piece (a long URL is ~200)
MAX_SENTENCE_TOKENS = 200  # tokens without any sentence-final punctuation or line break before one is forced
SENTENCE_FINAL = frozenset({".", "!", "?", "…", "。", "！", "？"})

Tokenize = Callable[[str], Doc]


class BoundedTokenizer:
    """The model's tokenizer, fed runs of at most `max_run` non-space characters at a time."""

    def __init__(self, tokenizer: Tokenize, max_run: int = MAX_RUN) -> None:
        self.tokenizer = tokenizer
        self.max_run = max_run
        self.long_run = re.compile(rf"\S{{{max_run + 1},}}")

    def __getattr__(self, name: str) -> object:
        """Everything else (vocab, rules, serialisation) is the wrapped tokenizer's."""
        return getattr(self.__dict__["tokenizer"], name)

    def __call__(self, text: str) -> Doc:
        if not self.long_run.search(text):
            return self.tokenizer(text)
        docs = [self.tokenizer(piece) for piece in cut_long_runs(text, self.max_run)]
        return Doc.from_docs(docs, ensure_whitespace=False)


def cut_long_runs(text: str, max_run: int) -> Iterator[str]:
    """Consecutive pieces of the text (joined, they are the text) in which no run of non-space characters is
    longer than max_run; cuts fall only inside such runs, so no piece begins with whitespace."""
    start = 0
    for run in re.finditer(rf"\S{{{max_run + 1},}}", text):
        for cut in range(run.start() + max_run, run.end(), max_run):
            yield text[start:cut]
            start = cut
    yield text[start:]


@Language.factory(
    "xiputin_sentence_bound",
    default_config={"max_tokens": MAX_SENTENCE_TOKENS},
    assigns=["token.is_sent_start"],
)
def make_sentence_bound(nlp: Language, name: str, max_tokens: int) -> SentenceBound:
    return SentenceBound(max_tokens)


class SentenceBound:
    """Before the parser: a sentence starts wherever `max_tokens` tokens have passed without a place one
    could start (after sentence-final punctuation or a line break). The parser keeps these starts and adds its
    own; text with ordinary punctuation never reaches the bound, so its sentences are the parser's alone."""

    def __init__(self, max_tokens: int = MAX_SENTENCE_TOKENS) -> None:
        self.max_tokens = max_tokens

    def __call__(self, doc: Doc) -> Doc:
        since, previous = 0, ""
        for token in doc:
            # trailing whitespace is at most one space: a line break is a token of its own
            since = 1 if previous in SENTENCE_FINAL or "\n" in previous else since + 1
            if since > self.max_tokens:
                token.is_sent_start = True
                since = 1
            previous = token.text
        return doc
