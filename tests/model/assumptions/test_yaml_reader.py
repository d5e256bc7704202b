"""Reading YAML safely (kcost.model.assumptions.yaml_reader): refusals and line numbers.

Bad files are made by editing the shipped data/pricing.yaml, so the line numbers
are those a person editing the real file would see; each expected line is found
in the edited text itself.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kcost import AssumptionsError, load_assumptions, parse_assumptions
from kcost.model.assumptions import MAX_BYTES, read_yaml
from kcost.model.assumptions.yaml_reader import MAX_DEPTH

SHIPPED = Path(__file__).resolve().parents[3] / "data" / "pricing.yaml"
TEXT = SHIPPED.read_text(encoding="utf-8")


# The ketamine-iv plan's label, which several tests below edit, and its YAML path.
IV_LABEL = "label: Ketamine IV infusions (clinic)"
IV_LABEL_PATH = "plans.ketamine-iv.label"

# A path too deep to read is shown only up to the point where it has this many parts.
DEEP_PATH_PARTS = 8


def edit(old: str, new: str, text: str = TEXT) -> str:
    assert text.count(old) == 1, f"{old!r} must occur exactly once"
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """1-based line of the first occurrence of ``needle``."""
    return text.count("\n", 0, text.index(needle)) + 1


def problems_of(text: str | bytes) -> list[str]:
    with pytest.raises(AssumptionsError) as caught:
        parse_assumptions(text)
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return [str(p) for p in caught.value.problems]


class TestDuplicateKey:
    def test_second_occurrence_is_named_with_its_line(self):
        first = "        maintenance_label: booster\n"
        bad = edit(first, first + first)
        line = line_of(TEXT, first) + 1  # the copy sits right under the original
        assert problems_of(bad) == [
            f"plans.ketamine-iv.sessions.infusions.maintenance_label: duplicate key (it appears twice) (line {line})"
        ]

    def test_duplicate_plan_id(self):
        bad = edit("  esketamine:\n", "  ketamine-iv:\n")
        line = line_of(bad, "  ketamine-iv:\n    label: Esketamine")  # the second ketamine-iv
        assert problems_of(bad) == [f"plans.ketamine-iv: duplicate key (it appears twice) (line {line})"]

    def test_every_duplicate_is_reported(self):
        bad = edit("version: 1\n", "version: 1\nversion: 1\n")
        bad = edit("currency: USD\n", "currency: USD\ncurrency: USD\n", bad)
        line_v = line_of(TEXT, "version: 1") + 1
        line_c = line_of(TEXT, "currency: USD") + 2  # shifted by the extra version line
        assert problems_of(bad) == [
            f"version: duplicate key (it appears twice) (line {line_v})",
            f"currency: duplicate key (it appears twice) (line {line_c})",
        ]


def billion_laughs(first_key: str = "lol0") -> str:
    lines = [f'{first_key}: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"lol{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_the_label_edited_below_sits_at_its_path():
    doc = read_yaml(TEXT)
    assert doc.data["plans"]["ketamine-iv"]["label"] == IV_LABEL.removeprefix("label: ")
    assert doc.lines[("plans", "ketamine-iv", "label")] == line_of(TEXT, IV_LABEL)


class TestAnchorsAndAliases:
    def test_billion_laughs_is_refused_at_its_first_anchor_without_expanding(self):
        bad = TEXT + billion_laughs("lol0")
        line = line_of(bad, "lol0:")
        started = time.perf_counter()
        assert problems_of(bad) == [f"lol0: anchors (&name) are not allowed; write the value out (line {line})"]
        assert time.perf_counter() - started < 5  # 9^10 strings would never finish

    def test_billion_laughs_on_its_own(self):
        assert problems_of(billion_laughs("lol0")) == [
            "lol0: anchors (&name) are not allowed; write the value out (line 1)"
        ]

    def test_an_anchor(self):
        bad = edit(IV_LABEL, "label: &iv Ketamine IV infusions (clinic)")
        line = line_of(bad, "&iv")
        assert problems_of(bad) == [f"{IV_LABEL_PATH}: anchors (&name) are not allowed; write the value out (line {line})"]

    def test_an_alias(self):
        bad = edit(IV_LABEL, "label: *iv")
        line = line_of(bad, "*iv")
        assert problems_of(bad) == [f"{IV_LABEL_PATH}: aliases (*name) are not allowed; write the value out (line {line})"]

    def test_a_merge_key_with_an_alias(self):
        bad = edit(f"    {IV_LABEL}\n", f"    {IV_LABEL}\n    <<: *base\n")
        line = line_of(bad, "<<: *base")
        # the merge key sits beside the label, in the ketamine-iv plan
        assert problems_of(bad) == [f"plans.ketamine-iv.<<: aliases (*name) are not allowed; write the value out (line {line})"]


class TestDeepNesting:
    def test_30000_open_brackets_are_refused_quickly(self):
        bad = edit("currency: USD", "currency: " + "[" * 30000)
        line = line_of(bad, "currency:")
        path = "currency" + "[0]" * (DEEP_PATH_PARTS - 1)  # currency[0][0][0][0][0][0][0]
        started = time.perf_counter()
        assert problems_of(bad) == [f"{path}: nested more than {MAX_DEPTH} levels deep (line {line})"]
        assert time.perf_counter() - started < 10

    def test_30000_brackets_alone(self):
        path = "[0]" * DEEP_PATH_PARTS  # [0][0][0][0][0][0][0][0]
        assert problems_of("[" * 30000) == [f"{path}: nested more than 64 levels deep (line 1)"]

    def test_balanced_deep_nesting_is_refused_too(self):
        path = "x" + "[0]" * (DEEP_PATH_PARTS - 1)  # x[0][0][0][0][0][0][0]
        assert problems_of("x: " + "[" * 100 + "]" * 100) == [f"{path}: nested more than 64 levels deep (line 1)"]

    def test_63_levels_under_the_document_are_allowed(self):
        # the top mapping is level 1, its value 63 nested lists → 64 levels
        doc = read_yaml("x: " + "[" * 63 + "]" * 63)
        node = doc.data["x"]
        for _ in range(62):
            node = node[0]
        assert node == []


class TestPythonTags:
    def test_os_system_tag_is_refused_and_never_run(self, tmp_path):
        marker = tmp_path / "pwned"
        bad = edit(IV_LABEL, f'label: !!python/object/apply:os.system ["touch {marker}"]')
        line = line_of(bad, "!!python")
        assert problems_of(bad) == [
            f"{IV_LABEL_PATH}: not valid YAML: could not determine a constructor for the tag "
            f"'tag:yaml.org,2002:python/object/apply:os.system' (line {line})"
        ]
        assert not marker.exists()

    def test_python_name_tag_is_refused(self):
        bad = edit("currency: USD", "currency: !!python/name:os.system")
        line = line_of(bad, "currency:")
        (problem,) = problems_of(bad)
        assert problem.startswith("currency: not valid YAML: could not determine a constructor")
        assert problem.endswith(f"(line {line})")


class TestSize:
    def test_2_mb_text_is_refused_before_parsing(self):
        padding = "# " + "x" * 98 + "\n"  # 100 bytes a line
        bad = TEXT + padding * 20_000  # + 2,000,000 bytes
        size = len(bad.encode("utf-8"))
        assert size > 2_000_000
        assert problems_of(bad) == [f"(file): file is {size:,} bytes; the limit is 1,000,000 bytes"]

    def test_2_mb_file_is_refused_without_reading_it_all(self, tmp_path):
        path = tmp_path / "big.yaml"
        path.write_bytes(TEXT.encode() + b"#" * 2_000_000)
        size = len(TEXT.encode()) + 2_000_000
        with pytest.raises(AssumptionsError) as caught:
            load_assumptions(path)
        assert [str(p) for p in caught.value.problems] == [
            f"(file): {path} is {size:,} bytes; the limit is 1,000,000 bytes"
        ]

    def test_exactly_the_limit_is_read(self):
        text = "version: 1\n" + "#" * (MAX_BYTES - len("version: 1\n"))
        assert len(text.encode()) == MAX_BYTES == 1_000_000
        assert read_yaml(text).data == {"version": 1}

    def test_max_bytes_can_be_lowered(self):
        with pytest.raises(AssumptionsError, match="file is 11 bytes; the limit is 10 bytes"):
            read_yaml("version: 1\n", max_bytes=10)


class TestEncoding:
    def test_windows_1252_file_is_refused_naming_the_byte(self):
        # The shipped file's only non-ASCII character is the en dash "–" (0x96 in Windows-1252,
        # not valid UTF-8); everything before it is ASCII, one byte a character.
        bad = TEXT.encode("cp1252")
        offset = TEXT.index("–")
        assert bad[offset] == 0x96
        assert problems_of(bad) == [f"(file): not UTF-8 text (byte {offset})"]

    def test_stray_byte(self):
        bad = TEXT.encode("utf-8").replace(b"currency: USD", b"currency: US\xff")
        offset = bad.index(b"\xff")
        assert problems_of(bad) == [f"(file): not UTF-8 text (byte {offset})"]

    def test_unreadable_file(self, tmp_path):
        missing = tmp_path / "nope.yaml"
        with pytest.raises(AssumptionsError, match=r"cannot read .*nope\.yaml"):
            load_assumptions(missing)


class TestEmptyAndNotAMapping:
    @pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "   \n", b""])
    def test_empty_file(self, text):
        assert problems_of(text) == ["(file): the file is empty"]

    @pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", "42\n"])
    def test_top_level_must_be_a_mapping(self, text):
        assert problems_of(text) == ["(file): the file must be a mapping of keys to values"]

    def test_two_documents_are_refused(self):
        bad = TEXT + "---\nversion: 1\n"
        (problem,) = problems_of(bad)
        assert problem.startswith("(file): not valid YAML: expected a single document")
        assert problem.endswith(f"(line {line_of(bad, '---')})")


class TestSyntaxErrors:
    def test_tab_indentation(self):
        bad = edit("    kind: ketamine\n    summary: >-\n      Ketamine through", "\tkind: ketamine\n    summary: >-\n      Ketamine through")
        line = line_of(bad, "\tkind")
        (problem,) = problems_of(bad)
        assert problem.startswith("(file): not valid YAML:")
        assert "'\\t'" in problem
        assert problem.endswith(f"(line {line})")

    def test_key_that_is_not_plain_text(self):
        bad = edit("    label: Ketamine IV infusions (clinic)", "    [a, b]: c")
        line = line_of(bad, "[a, b]")
        assert problems_of(bad) == [f"plans.ketamine-iv: keys must be plain text (line {line})"]


class TestLines:
    def test_every_key_and_list_item_has_its_line(self):
        doc = read_yaml("a:\n  b: 1\n  c:\n    - x\n    - y\n  d: [p, q]\n")
        assert doc.lines == {
            (): 1,
            ("a",): 1,
            ("a", "b"): 2,
            ("a", "c"): 3,
            ("a", "c", 0): 4,
            ("a", "c", 1): 5,
            ("a", "d"): 6,
            ("a", "d", 0): 6,
            ("a", "d", 1): 6,
        }

    def test_line_of_falls_back_to_the_nearest_ancestor(self):
        doc = read_yaml("\n\na:\n  b: 1\n")
        assert doc.line_of(("a", "b", "missing", "deeper")) == 4
        assert doc.line_of(("a", "nope")) == 3
        assert doc.line_of(("zzz",)) == 3  # the document starts at its first key, line 3

    def test_lines_of_the_shipped_file(self):
        doc = read_yaml(TEXT)
        assert doc.lines[("plans", "ketamine-iv", "sessions", "infusions", "price", "base")] == line_of(
            TEXT, "base: 550"
        )
        assert doc.lines[("sources", "kcost-modelling-choice")] == line_of(TEXT, "  kcost-modelling-choice:")


class TestPlainData:
    def test_dates_stay_as_typed(self):
        assert read_yaml("published: 2023-09-01\nseen: 2026-11\n").data == {
            "published": "2023-09-01",
            "seen": "2026-11",
        }

    def test_numbers_booleans_and_null(self):
        assert read_yaml("a: 1\nb: 0.25\nc: true\nd: null\ne: '1'\n").data == {
            "a": 1,
            "b": 0.25,
            "c": True,
            "d": None,
            "e": "1",
        }

    def test_bytes_and_text_read_alike(self):
        assert read_yaml(TEXT.encode("utf-8")).data == read_yaml(TEXT).data
