"""Build a rule `Context` from a small report text, the way `policytext.parse_text` does."""

from __future__ import annotations

from policytext.normalize import normalize
from policytext.rules.context import Context
from policytext.sections import build_sections, flatten, paragraphs_of, sentences_of


def context_of(text: str) -> Context:
    norm = normalize(text)
    sections, _ = build_sections(norm.text)
    paragraphs = paragraphs_of(norm.text, sections)
    sentences = sentences_of(norm.text, paragraphs)
    return Context(
        text=norm.text,
        sections=tuple(flatten(sections)),
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
    )
