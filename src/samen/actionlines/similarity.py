"""Text similarity for spotting overlap between a new initiative and existing action lines.

TF-IDF over words with cosine similarity, in plain Python: no model, no extra dependency, and fast
enough for a region's lines (2,000 lines take a few tens of milliseconds). Words are lower-cased,
stripped of accents and of Dutch stop words, and cut to a crude stem ("jongeren" and "jongere" meet),
so that two descriptions of the same idea in slightly different words still score.

What the score means: 1.0 is the same words in the same proportions; 0.0 is no word in common.
Texts from the same domain that are about different things share only general words (which
TF-IDF weighs down) and stay below about 0.15; two descriptions of the same plan usually reach 0.3
or more. See ``services.TEXT_OVERLAP_THRESHOLD`` for the thresholds used and the tests in
``tests/test_overlap.py`` that keep them honest.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Mapping
from functools import lru_cache

STOPWORDS = frozenset(
    """
    aan al alle alles als altijd andere ben bij daar dan dat de der deze die dit doen door dus
    een eens eigen en er ge geen gehad geweest haar had heb hebben heeft hem het hier hij hoe hun
    iedereen iemand iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet moeten na
    naar niet niets nog nu of om omdat onder ons onze ook op over reeds samen te tegen toch toen tot
    u uit uw van veel voor waar wat we wel werd wie wij wil worden wordt zal ze zelf zich zij zijn
    zo zonder zou elkaar gaan gaat komt komen maken waarbij waarin daarbij hierbij
    """.split()  # noqa: SIM905 - a word list reads better as text
)
SUFFIXES = ("heden", "heid", "ingen", "ing", "eren", "en", "er", "e", "s")
MIN_STEM = 4
WORD = re.compile(r"[a-z0-9]+")


def _plain(text: str) -> str:
    """Lower case without accents ("één" -> "een"); ASCII text takes the fast path."""
    text = text.lower()
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Cut one common Dutch suffix, keeping at least four letters."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    return [
        stem(word)
        for word in WORD.findall(_plain(text))
        if len(word) >= 3 and word not in STOPWORDS
    ]


def _vector(counts: Counter, idf: Mapping[str, float]) -> dict[str, float]:
    weights = {term: (1 + math.log(n)) * idf[term] for term, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {term: w / norm for term, w in weights.items()} if norm else {}


def similarities(query: str, documents: Mapping[Hashable, str]) -> dict[Hashable, float]:
    """Cosine similarity (0–1) of ``query`` to each document, TF-IDF weighted over them all."""
    bags = {key: Counter(tokens(text)) for key, text in documents.items()}
    query_bag = Counter(tokens(query))
    if not query_bag:
        return dict.fromkeys(documents, 0.0)
    document_frequency: Counter = Counter()
    for bag in (*bags.values(), query_bag):
        document_frequency.update(bag.keys())
    total = len(bags) + 1
    idf = {term: math.log((1 + total) / (1 + df)) + 1 for term, df in document_frequency.items()}
    query_vector = _vector(query_bag, idf)
    scores = dict.fromkeys(documents, 0.0)
    for key, bag in bags.items():
        if query_bag.keys().isdisjoint(bag):
            continue  # no word in common: cosine 0, no need to build the vector
        vector = _vector(bag, idf)
        scores[key] = round(
            sum(weight * vector.get(term, 0.0) for term, weight in query_vector.items()), 4
        )
    return scores
