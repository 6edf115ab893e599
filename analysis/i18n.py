"""Every word a reader sees, in English and in Arabic: gettext catalogs read with Babel.

The English text in the code is the message id; its Arabic lives in ``analysis/locale/ar/LC_MESSAGES/
<domain>.po``, one catalog per part of the project (``figures``, ``findings``, ``site``, ``teaching`` …),
which a translator edits with any PO editor and ``make i18n`` keeps in step with the code
(``pybabel extract`` / ``update``). Plurals follow the catalog's CLDR rule (Arabic: six forms, chosen by
Babel's plural categories), so number–noun agreement is the grammar's, not hand-made endings.

    _("Events by type", lang)
    n_("{n} event", "{n} events", n, lang)     # "1 event", "3 events"; "حدث واحد", "3 أحداث", "11 حدثاً"

A message with no Arabic translation raises ``MissingTranslation`` when asked for in Arabic: an Arabic
page must never fall back to English silently (``tests/test_i18n.py`` also checks every catalog is
complete against the code).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGS = ("en", "ar")


class MissingTranslation(KeyError):
    """A message asked for in Arabic has no Arabic in any catalog."""


@lru_cache(maxsize=None)
def catalogs(lang: str) -> tuple[Catalog, ...]:
    """Every catalog of ``lang``, read once."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    out = []
    for path in sorted(folder.glob("*.po")):
        with path.open("rb") as handle:
            out.append(read_po(handle, locale=lang, domain=path.stem))
    return tuple(out)


def _lookup(msgid: str | tuple[str, str], lang: str):
    for catalog in catalogs(lang):
        message = catalog.get(msgid)
        if message is not None and message.string and not message.fuzzy:
            if isinstance(message.string, tuple) and not all(message.string):
                continue
            return message.string
    raise MissingTranslation(f"no {lang} translation for {msgid!r} in {LOCALE_DIR / lang / 'LC_MESSAGES'}")


def _check(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"LANG must be one of {LANGS}, not {lang!r}")
    return lang


def _(message: str, lang: str, **values: object) -> str:
    """``message`` in ``lang``, with ``{name}`` placeholders filled from ``values``."""
    text = message if _check(lang) == "en" else _lookup(message, lang)
    return text.format(**values) if values else text


def n_(singular: str, plural: str, n: int, lang: str, **values: object) -> str:
    """The form of a counted message for ``n`` in ``lang`` (``{n}`` is filled in, with ``values``)."""
    if _check(lang) == "en":
        text = singular if n == 1 else plural
    else:
        forms = _lookup(singular, lang)
        if not isinstance(forms, tuple):
            raise MissingTranslation(f"{singular!r} has no plural forms in the {lang} catalog")
        index = ("zero", "one", "two", "few", "many", "other").index(Locale.parse(lang).plural_form(abs(n)))
        text = forms[index] if len(forms) == 6 else forms[-1]
    return text.format(n=n, **values)
