"""The evidence the app may quote on a VKA stands in the reference word for word."""

import re
from pathlib import Path

import pytest

from diary.anticoagulation import evidence

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
REFERENCE = FIXTURES / "anticoagulation-and-bone-reference.md"
EVIDENCE = [value for value in vars(evidence).values() if isinstance(value, evidence.Evidence)]


def plain(markdown: str) -> str:
    """The reference as read: bold/italic markers dropped, line breaks and indents as one space."""
    return re.sub(r"\s+", " ", markdown.replace("*", ""))


@pytest.fixture(scope="module")
def reference() -> str:
    return plain(REFERENCE.read_text(encoding="utf-8"))


def section(number: str) -> str:
    """The text of one numbered section ("1.1"), up to the next heading."""
    markdown = REFERENCE.read_text(encoding="utf-8")
    match = re.search(rf"^#+ {re.escape(number)} .*?(?=^#)", markdown, re.M | re.S)
    assert match, number
    return plain(match.group())


@pytest.mark.parametrize("item", EVIDENCE, ids=lambda item: item.citation)
def test_each_quote_stands_in_the_reference(reference, item):
    for text in (item.says, item.context, item.citation, item.read_at):
        assert text in section(item.section.removeprefix("§")), text
    assert item.short in reference  # the Summary's wording


@pytest.mark.parametrize(
    "text", [evidence.GUIDANCE, evidence.HEALTHY_VOLUNTEERS, evidence.NO_THRESHOLD]
)
def test_each_sentence_stands_in_the_reference(reference, text):
    assert text in reference


def test_the_summary_quotes_are_there():
    # The three figures the reference's Summary allows, with who and what.
    assert "INR −0.2" in evidence.KHAN_2004.says and "4 days" in evidence.KHAN_2004.says
    assert "stable warfarin patients" in evidence.KHAN_2004.context
    assert "150 µg/day" in evidence.SCHURGERS_2004.says
    assert "10 and 20 µg" in evidence.THEUWISSEN_2013.says
    assert "acenocoumarol" in evidence.THEUWISSEN_2013.context


def test_there_is_no_threshold_for_a_large_difference():
    assert evidence.LARGE_DIFFERENCE_THRESHOLD_UG is None
    assert evidence.for_a_difference()[0] is evidence.KHAN_2004


def test_supplement_evidence_by_form():
    assert evidence.for_a_supplement("k1") == (evidence.SCHURGERS_2004, evidence.CHEST_2012)
    assert evidence.for_a_supplement("mk7") == (
        evidence.SCHURGERS_2007,
        evidence.THEUWISSEN_2013,
        evidence.CHEST_2012,
    )
    assert evidence.for_a_supplement("mk4") == (evidence.CHEST_2012,)
    with pytest.raises(ValueError, match="No supplement form"):
        evidence.for_a_supplement("d3")
