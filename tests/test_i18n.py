"""The gettext catalogs: every message the code asks for has its Arabic, plurals follow CLDR."""
from __future__ import annotations

import string

import pytest
from babel.messages.extract import extract_from_dir

from analysis import i18n
from analysis.paths import ROOT

KEYWORDS = {"_": None, "n_": (1, 2), "N_": (1, 2), "_m": None}


def _messages() -> list[tuple[str, int, object]]:
    found = []
    for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / "analysis", method_map=[("**.py", "python")], keywords=KEYWORDS):
        found.append((filename, lineno, message))
    return found


def test_the_code_asks_for_messages():
    assert len(_messages()) >= 5


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_every_message_has_its_arabic():
    missing, placeholders = [], []
    for filename, lineno, message in _messages():
        try:
            if isinstance(message, tuple):
                forms = i18n._lookup(message[0], "ar")
                assert isinstance(forms, tuple) and len(forms) == 6, message
                english = _fields(message[0]) | _fields(message[1])
                # every form but zero names the same values as the English (zero may drop a list that is empty)
                wrong = [f for f in forms[1:] if _fields(f) - english or (english - {"n"}) - _fields(f)]
            else:
                arabic = i18n._lookup(message, "ar")
                wrong = [arabic] if _fields(arabic) != _fields(message) else []
            if wrong:
                placeholders.append(f"{filename}:{lineno}: {message!r} -> {wrong!r}")
        except i18n.MissingTranslation:
            missing.append(f"{filename}:{lineno}: {message!r}")
    assert missing == []
    assert placeholders == []


@pytest.mark.parametrize(("n", "expected"), [(0, "لا حدث"), (1, "حدث واحد"), (2, "حدثان"), (3, "3 أحداث"), (10, "10 أحداث"),
                                              (11, "11 حدثاً"), (99, "99 حدثاً"), (100, "100 حدث"), (102, "102 حدث"),
                                              (103, "103 أحداث"), (111, "111 حدثاً")])
def test_arabic_plurals_follow_cldr(n, expected):
    assert i18n.n_("{n} event", "{n} events", n, "ar") == expected


def test_english_is_the_message_itself():
    assert i18n.n_("{n} event", "{n} events", 1, "en") == "1 event"
    assert i18n.n_("{n} event", "{n} events", 2, "en") == "2 events"
    assert i18n._("{x} and {y}", "en", x=1, y=2) == "1 and 2"


def test_no_silent_fallback_to_english():
    with pytest.raises(i18n.MissingTranslation):
        i18n._("A sentence nobody translated", "ar")
    with pytest.raises(ValueError, match="LANG must be one of"):
        i18n._("Events", "fr")


def test_a_message_has_one_arabic_in_every_catalog():
    """The catalogs are read in order and the first holding a message wins: the same English message translated
    differently in two catalogs would put one catalog's Arabic where the other's was meant, silently."""
    seen: dict[object, dict[str, object]] = {}
    for catalog in i18n.catalogs("ar"):
        for message in catalog:
            if message.id and message.string:
                seen.setdefault(message.id, {})[catalog.domain] = message.string
    differ = {k: v for k, v in seen.items() if len(set(map(str, v.values()))) > 1}
    assert differ == {}, differ
