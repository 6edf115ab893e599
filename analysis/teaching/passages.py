"""The words the students read and code: reading segments (exercise 1) and coding passages (exercise 2, and
the units of the agreement exercise), each a span of the raw article given by its code-point offsets
(``text[start:end]``, as in mentions.csv). The article is the only text we quote, and it is always sliced from
data/raw, never retyped. The English translations are ours.

None of these is a worked example of the codebook: the reading segments and the coding passages are other
sentences than those the codebook's rules quote with their values (M02, M06, M08, the 2018 attack, the Sahel
threat and the years after 11 September are the codebook's). Which of them are events, and how each is coded,
is not written here: the key is in the data (mentions.csv and events.csv, which hold the coded table) and, for
the reading exercise, as digests in ``key.json``.
"""
from __future__ import annotations

from functools import lru_cache

from analysis.teaching.values import data

SEGMENTS = {  # exercise 1 · reading: segment id → (start, end, our translation)
    "S1": (795, 925, "Moroccan officials also show marked concern that some Moroccans who joined the Daesh "
                     "organisation in the Middle East may move to the African Sahel region"),
    "S2": (3603, 3739, "For it [Washington] expressed, during the talks of the strategic dialogue held on 8 March "
                       "last in the Moroccan capital, its appreciation of Morocco as \"a stable partner in "
                       "exporting security\""),
    "S3": (4559, 4831, "Al-Hafidi explains that the United States finds in Morocco a reliable partner able to "
                       "secure American action, mainly through intelligence support towards the Sahel region, as "
                       "part of a new American strategy based on support and accompaniment instead of the military "
                       "action on the ground that has been an American military doctrine for years"),
    "S4": (6324, 6504, "joint training courses between the Moroccan security services and their American "
                       "counterpart in the analysis of digital forensic traces, cybercrime, the forgery of digital "
                       "documents, counter-terrorism and information exchange"),
}

PASSAGES = {  # exercise 2 · coding, and the units of agreement: passage id → (start, end, our translation)
    "P1": (62, 98, "US–Moroccan manoeuvres, June 2021 (a photo caption)"),
    "P2": (3387, 3529, "the mechanism of security cooperation and coordination has formed one of the pillars of "
                       "the strategic partnership that binds Morocco to a number of European states (France, "
                       "Britain, Spain, Italy)"),
    "P3": (5669, 5892, "Al-Hafidi points out that Moroccan–American security cooperation takes, on the whole, "
                       "different dimensions that all meet in the fight against organised and cross-border crime, "
                       "considering that the strength of Moroccan–American security cooperation lies in the "
                       "existence of mechanisms that strengthen this cooperation"),
    "P4": (5514, 5666, "the Moroccan security contribution to dismantling document-forgery networks at border "
                       "points, especially on flights arriving from or transiting through Morocco towards the "
                       "United States"),
    "P5": (6003, 6148, "the liaison officers' office, based at the Moroccan embassy in Washington, which forms a "
                       "mechanism for security cooperation, the exchange of intelligence and the coordination of "
                       "joint security operations"),
}
CONTEXT = 90  # characters of the article shown around a passage, so that it is read where it stands


@lru_cache(maxsize=1)
def article() -> str:
    d = data()
    return d.texts[d.sources.loc[d.sources["role"] == "article", "source_id"].iloc[0]]


def segment(seg: str) -> str:
    start, end, _translation = SEGMENTS[seg]
    return article()[start:end]


def passage(pid: str) -> str:
    start, end, _translation = PASSAGES[pid]
    return article()[start:end]


def _around(start: int, end: int) -> tuple[str, str]:
    """The words before and after a span, on its own line of the article, cut at a word."""
    text = article()
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before = text[max(line_start, start - CONTEXT):start]
    after = text[end:min(line_end if line_end >= 0 else len(text), end + CONTEXT)]
    if start - CONTEXT > line_start:
        before = "…" + before.split(" ", 1)[-1]
    if line_end < 0 or end + CONTEXT < line_end:
        after = after.rsplit(" ", 1)[0] + "…"
    return before, after


def show_segments(lang: str) -> None:
    """Print each reading segment: the article's words, and (in English) our translation. Plain text."""
    lines = []  # printed at once, so the output is one stream whatever the timing
    for seg, (start, end, translation) in SEGMENTS.items():
        lines += [f"[{seg}]  ({start}–{end})", segment(seg), *(["    " + translation] if lang == "en" else []), ""]
    print("\n".join(lines))


def show_passages(lang: str) -> None:
    """Print each passage to code between ⟦ ⟧, with the article's words around it and (in English) our
    translation of the passage. Plain text."""
    lines = []
    for pid, (start, end, translation) in PASSAGES.items():
        before, after = _around(start, end)
        lines += [f"[{pid}]  ({start}–{end})", f"{before}⟦{passage(pid)}⟧{after}",
                  *(["    " + translation] if lang == "en" else []), ""]
    print("\n".join(lines))
