"""The README's figures are what the code produces from the data package: the claims sentence (the same the
indexes show), the validator's line of counts, the events and mentions, the scaling table's 1× package."""
from __future__ import annotations

import re

import pytest

from analysis import validate
from analysis.findings import claims_summary
from analysis.paths import ROOT

README = ROOT / "README.md"


@pytest.fixture(scope="module")
def readme() -> str:
    return re.sub(r"\s+", " ", README.read_text(encoding="utf-8"))


def test_the_claims_sentence_is_the_indexes_sentence(real_data, readme: str) -> None:
    sentence = claims_summary(real_data, "en")
    assert readme.count(sentence) >= 2, f"the README should say, as the indexes do: {sentence}"


def test_the_claims_totals_add_up(real_data) -> None:
    from analysis.findings import claim_counts

    counts = claim_counts(real_data)
    assert counts["checked"] + counts["not_stated"] == len(real_data.claims)
    sentence = claims_summary(real_data, "en")
    numbers = [int(n) for n in re.findall(r"\d+", sentence)]
    assert numbers[0] == sum(numbers[1:5])  # checked = confirmed + partly + contradicted + unverified; not-stated apart


def test_the_validator_line_is_the_readme_s(readme: str) -> None:
    assert f"`{validate.summary(validate.check())}`" in readme


def test_events_mentions_and_the_1x_package(real_data, readme: str) -> None:
    events, mentions = len(real_data.events), len(real_data.mentions)
    assert f"({events} events in {mentions} mentions)" in readme
    assert re.search(rf"\| 1× \| {events} \| {mentions} \|", readme), "the scaling table's 1× package is the real one"
