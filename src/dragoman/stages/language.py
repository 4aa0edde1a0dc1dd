"""Language identification: is an article's text English? py3langid with its bundled model (offline).

A text is refused only when the identifier is confident that it is in another language: when the
probability it gives English is under ``REFUSE_BELOW``. Results tables, line-ups, lists of names
and one-line items score low for English without scoring high for any other language, and pass
(the lowest score of an English text measured: 0.005); pages written in another language score
English at 1e-12 or less, one-line headlines at 1e-4 or less, and are refused.
docs/performance.md has the measurements behind the threshold and the choice of identifier.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

REFUSE_BELOW = 1e-3  # P(English) under which a text is taken to be in another language
SAMPLE_CHARS = 3000  # the identifier reads this much of the text: its start is enough


@dataclass(frozen=True)
class LanguageGuess:
    """The most probable language of a text and the probability that it is English."""

    language: str
    english: float

    @property
    def is_english(self) -> bool:
        """False only when the text is confidently in another language."""
        return self.language == "en" or self.english >= REFUSE_BELOW


class LanguageIdentifier:
    """py3langid's naive Bayes identifier over 97 languages, with normalised probabilities.

    >>> LanguageIdentifier.load().guess("Police arrested 40 protesters in the capital on Monday.").is_english
    True
    """

    def __init__(self, model) -> None:
        self.model = model

    @staticmethod
    def load() -> "LanguageIdentifier":
        """The identifier, loaded once per process (unpacking the model takes about a second)."""
        return _load()

    def guess(self, text: str) -> LanguageGuess:
        ranked = self.model.rank(text[:SAMPLE_CHARS])
        english = next((float(p) for language, p in ranked if language == "en"), 0.0)
        return LanguageGuess(language=ranked[0][0] if ranked else "en", english=english)


@lru_cache(maxsize=1)
def _load() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE
    from py3langid.langid import LanguageIdentifier as Model

    return LanguageIdentifier(Model.from_model_file(MODEL_FILE, norm_probs=True))
