"""Fuzzing the loader and validator with YAML documents made from the shipped file.

Documents are mutations of ``data/pricing.yaml``: numbers replaced by extreme or odd values (NaN, ±inf,
1e308, 400-digit integers, booleans, text, lists), keys dropped, values nested far too deep; then, as
text, truncated, given a duplicated line, an anchor and alias, stray characters or bytes that are not
UTF-8. Whatever the document, reading and validating it either gives Assumptions (which then project over
five years to finite figures) or raises AssumptionsError with bounded messages — never any other
exception — within generous time and memory caps.
"""

from __future__ import annotations

import copy
import math
import os
import resource
import time
from typing import Any

import numpy as np
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcost import AssumptionsError, parse_assumptions, project
from kcost.model.assumptions import read_document

RAW = read_document().data
TIME_CAP_S = 5.0
MEMORY_CAP_BYTES = 200_000_000  # growth of the peak resident memory during one run
MESSAGE_CAP = 1_000
# KCOST_FUZZ_EXAMPLES=500 for a deeper run; 20 keeps the suite fast.
FUZZ = settings(max_examples=int(os.environ.get("KCOST_FUZZ_EXAMPLES", 20)), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def node_paths(node: Any, path: tuple = ()) -> list[tuple]:
    """Every path in the document: mappings by key, lists by index."""
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += node_paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += node_paths(value, (*path, i))
    return out


PATHS = node_paths(RAW)[1:]
NUMBER_PATHS = [p for p in PATHS if p[-1] in ("base", "low", "high")]

odd_values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**60), 10**60),
    st.sampled_from([1e308, -1e308, 5e-324, -0.0, 10**39, 10**40, 10**400, 1_000_000_000, True, False, None,
                     "", "1e308", "NaN", "0x10", "1_000", "١٢", "²"]),  # fmt: skip
    st.text(max_size=20),
    st.lists(st.integers(0, 5), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(0, 5), max_size=2),
)


@st.composite
def mutated(draw) -> Any:
    """The shipped data with 1–4 changes: a number replaced, any value replaced, a key dropped, deep nesting."""
    data = copy.deepcopy(RAW)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["number", "value", "drop", "nest"]))
        path = draw(st.sampled_from(NUMBER_PATHS if kind == "number" else PATHS))
        parent = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed or replaced this path
        if kind == "drop":
            if isinstance(parent, dict):
                del parent[path[-1]]
            continue
        if kind == "nest":
            value = parent[path[-1]]
            for _ in range(draw(st.integers(1, 80))):
                value = draw(st.sampled_from([[value], {"x": value}]))
            parent[path[-1]] = value
            continue
        parent[path[-1]] = draw(odd_values)
    return data


@st.composite
def yaml_text(draw) -> str | bytes:
    """A mutated document as YAML text, sometimes broken further as text."""
    text = yaml.safe_dump(draw(mutated()), sort_keys=False, allow_unicode=True)
    lines = text.splitlines(keepends=True)
    change = draw(st.sampled_from(["none", "truncate", "duplicate", "alias", "insert", "bytes"]))
    if change == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif change == "duplicate":
        i = draw(st.integers(0, len(lines) - 1))
        text = "".join(lines[: i + 1] + [lines[i]] + lines[i + 1 :])
    elif change == "alias":
        i = draw(st.integers(1, len(lines) - 1))
        text = "".join(lines[:i] + ["shared: &a [1, 2]\n", "again: *a\n"] + lines[i:])
    elif change == "insert":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(max_size=20)) + text[at:]
    elif change == "bytes":
        at = draw(st.integers(0, len(text)))
        return text[:at].encode() + draw(st.binary(min_size=1, max_size=8)) + text[at:].encode()
    return text


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def bounded(fn):
    """Run ``fn``; return its result or the exception it raised, the seconds it took, and how far it
    raised the process's peak memory.

    The peak (``ru_maxrss``, a high-water mark) is compared with the larger of the earlier peak and the
    memory in use before the call, so the figure never over-counts; a run that allocated gigabytes shows.
    (tracemalloc would be exact but makes YAML parsing four times slower, too slow for a fuzz loop.)
    """
    before = max(resident_bytes(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
    start = time.perf_counter()
    try:
        result: Any = fn()
    except Exception as exc:  # noqa: BLE001 - the test inspects which exception it was
        result = exc
    seconds = time.perf_counter() - start
    grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before
    return result, seconds, grew


@FUZZ
@given(text=yaml_text())
def test_any_document_is_read_or_refused_with_messages_within_the_caps(text):
    result, seconds, peak = bounded(lambda: parse_assumptions(text))
    assert seconds < TIME_CAP_S and peak < MEMORY_CAP_BYTES, (seconds, peak)
    if isinstance(result, Exception):
        assert isinstance(result, AssumptionsError), repr(result)
        assert result.problems
        for problem in result.problems:
            assert 0 < len(str(problem)) <= MESSAGE_CAP, str(problem)[:200]
        return
    # A document that passed: every plan projects over five years to finite figures, within the caps.
    projected, seconds, peak = bounded(lambda: project(result, weeks=260))
    assert not isinstance(projected, Exception), repr(projected)
    assert seconds < TIME_CAP_S and peak < MEMORY_CAP_BYTES, (seconds, peak)
    for plan in projected.plans:
        assert np.isfinite(plan.cumulative_patient).all()
        assert all(math.isfinite(x) or x == math.inf for x in plan.onset_days)


@FUZZ
@given(text=st.one_of(st.text(max_size=200), st.binary(max_size=200).map(bytes)))
def test_arbitrary_short_input_is_refused_or_read(text):
    result, seconds, peak = bounded(lambda: parse_assumptions(text))
    assert seconds < TIME_CAP_S and peak < MEMORY_CAP_BYTES
    assert isinstance(result, AssumptionsError), repr(result)  # nothing this short is a whole assumptions file


def test_deep_nesting_and_alias_bombs_are_refused_at_once():
    deep = "a: " + "[" * 10_000 + "]" * 10_000 + "\n"
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n"
    for text in (deep, bomb):
        result, seconds, peak = bounded(lambda: parse_assumptions(text))
        assert isinstance(result, AssumptionsError)
        assert seconds < TIME_CAP_S and peak < MEMORY_CAP_BYTES
