"""Plain language, measured: every user-facing sentence at Flesch–Kincaid grade 8 or lower in the middle, none above 12.

What is collected:
* the fixed content (kcost.present.fixed_content);
* the sentences kcost.present.sentences writes for the shipped presets (comparison, outcome, relief, maintenance);
* plan labels, summaries and notes from the shipped data/pricing.yaml;
* every markdown, caption, info, help text and widget label on the compare page as Streamlit's AppTest
  renders it, found by walking the element tree generically (so the test survives a page rewrite).

How text becomes sentences: Markdown is stripped (emphasis, list bullets, escapes, headings); money,
percentages and other numbers become the word "some" (a figure is read as one short word, and digits
would otherwise count as syllable-free tokens); parenthesised plan labels are kept. Text is then split
after ".", "?", "!" or ";" followed by a space or the end, and on line breaks between list items. A piece
counts as a sentence when it has 4 words or more and ends in punctuation: labels, headers and table cells
are left out (grade formulas mean nothing on them), and so are bibliographic citations (from "Source:"
to the end of a help text), which name papers in their own titles' words.

The grade is Flesch–Kincaid's, 0.39 × words per sentence + 11.8 × syllables per word − 15.59, one
sentence at a time, with textstat's word count and syllables from Pyphen's en_US hyphenation (textstat's
own fallback): textstat's default English syllable source, the CMU dictionary, is an NLTK download
that a machine without network access cannot make.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pyphen
import pytest
import textstat
from streamlit.testing.v1 import AppTest

from kcost import load_assumptions, project
from kcost.present import fixed_content
from kcost.present.sentences import comparison_sentences, maintenance_sentence, outcome_sentences, relief_sentence

APP = str(Path(__file__).resolve().parents[2] / "app.py")
MEDIAN_MAX = 8
HARDEST_MAX = 12
_HYPHENATOR = pyphen.Pyphen(lang="en_US")


def grade(sentence: str) -> float:
    """Flesch–Kincaid grade of one sentence (formula in the module docstring).

    Example: "Talk with a clinician before you start." has 7 words and 10 syllables (Pyphen: clin-i-cian,
    be-fore) → 0.39 × 7 + 11.8 × 10 ÷ 7 − 15.59 = 2.73 + 16.857 − 15.59 = 3.997.
    """
    words = re.findall(r"[A-Za-z']+", sentence)
    syllables = sum(len(_HYPHENATOR.positions(w.lower())) + 1 for w in words)
    count = textstat.lexicon_count(sentence)
    return 0.39 * count + 11.8 * syllables / len(words) - 15.59


def _clean(text: str) -> str:
    text = text.replace("\\", "")
    text = re.sub(r"\*+|_+|`+|^#+\s*|^\s*[-*]\s+", "", text, flags=re.MULTILINE)
    text = re.sub(r"\$?\d[\d,]*(\.\d+)?%?", "some", text)
    return re.sub(r"[ \t]+", " ", text)


def sentences_of(text: str) -> list[str]:
    """Sentences of one piece of Markdown (see the module docstring for the rules)."""
    out = []
    text = re.split(r"\bSources?:", text)[0]  # a help text's citations close it
    for line in re.split(r"\n\s*[-*]\s+|\n\s*\n", text):
        for piece in re.split(r"(?<=[.?!;])\s+", _clean(line).replace("\n", " ")):
            piece = piece.strip()
            if len(piece.split()) >= 4 and piece[-1] in ".?!;:" and not piece.startswith("Source:"):
                out.append(piece)
    return out


def fixed_texts() -> list[str]:
    texts = []
    for name in fixed_content.__all__:
        value = getattr(fixed_content, name)
        # HANDOUT_BY_KIND holds the handout's short texts by plan kind and row.
        texts += [t for row in value.values() for t in row.values()] if isinstance(value, dict) else [value]
    return texts


def sentence_texts() -> list[str]:
    a = load_assumptions()
    p = project(a, None, 52)
    said = comparison_sentences(p) + [maintenance_sentence(w) for w in (0, 1, 2, 4)]
    for plan in p.plans:
        said += outcome_sentences(plan, 52) + [relief_sentence(plan)]
    short = project(a, ["ssri-generic"], 4)
    said += outcome_sentences(short.plans[0], 4)
    return said


def yaml_texts() -> list[str]:
    a = load_assumptions()
    out = []
    for plan in a.plans.values():
        out += [plan.label, plan.summary]
        for q in (plan.response_rate, plan.placebo_response):
            if q is not None and q.note:
                out.append(q.note)
        if plan.relief_lasts is not None and plan.relief_lasts.note:
            out.append(plan.relief_lasts.note)
    return out


def page_texts() -> list[str]:
    """Every string a reader sees on the compare page: walk the element tree, keep text-like fields."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    found: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        for field in ("value", "body", "label", "help", "caption"):
            value = getattr(node, field, None)
            if isinstance(value, str) and value:
                found.append(value)
        if proto is not None:
            for field in ("help", "label", "body"):
                value = getattr(proto, field, None)
                if isinstance(value, str) and value:
                    found.append(value)
        for child in getattr(node, "children", {}).values() if isinstance(getattr(node, "children", None), dict) else []:
            walk(child)

    walk(at._tree)
    return list(dict.fromkeys(found))


@pytest.fixture(scope="module")
def graded() -> list[tuple[float, str]]:
    texts = fixed_texts() + sentence_texts() + yaml_texts() + page_texts()
    sentences = list(dict.fromkeys(s for t in texts for s in sentences_of(t)))
    return sorted(((grade(s), s) for s in sentences), reverse=True)


def test_collects_from_every_kind_of_text(graded):
    texts = " ".join(s for _, s in graded)
    assert "988" not in texts  # numbers were read as words
    assert "Not medical advice" in texts or "Not medical advice." in " ".join(page_texts())
    assert "Trying it up to then costs about some." in texts  # a sentence of kcost.present.sentences
    assert len(graded) > 100


def test_median_grade_is_8_or_lower(graded):
    median = statistics.median(g for g, _ in graded)
    assert median <= MEDIAN_MAX, f"median grade {median:.1f}; hardest: {graded[:5]}"


def test_no_sentence_above_grade_12(graded):
    too_hard = [(round(g, 1), s) for g, s in graded if g > HARDEST_MAX]
    assert too_hard == []


def test_sentence_splitting():
    text = (
        "**Not medical advice.** Talk with a clinician before you start; then decide.\n- one two\n"
        "- It costs $3,550 or 33% a day.\n- Price per session (USD)\n- Source: A long paper title, 2004."
    )
    # "Not medical advice." and "then decide." are under 4 words; so is the bullet "one two"; the label has
    # no closing punctuation; the citation is a title
    assert sentences_of(text) == ["Talk with a clinician before you start;", "It costs some or some a day."]


def test_grade_example():
    assert _HYPHENATOR.inserted("clinician") == "clin-i-cian"
    assert grade("Talk with a clinician before you start.") == pytest.approx(0.39 * 7 + 11.8 * 10 / 7 - 15.59)
