"""Deterministic IRIs from transliterated names: same name, same IRI, on every machine."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from slugify import slugify

MAX_SLUG = 80
_QUOTES = re.compile(r"[«»“”„\"'`]")
_SPACE = re.compile(r"\s+")
_DOT = re.compile(r"\s*\.\s*")


@lru_cache(maxsize=1 << 18)  # a name recurs in every reference to it
def slug(text: str) -> str:
    """'КОГОБУ СШ пгт Подосиновец' -> 'kogobu-ssh-pgt-podosinovets'; long ones end in a hash."""
    # The backend named: "auto" tries to import unidecode on every call (a search of the
    # whole path each time when it is not installed); text-unidecode is what it falls back to.
    out = slugify(text.replace("ё", "е").replace("Ё", "Е"), backend="text-unidecode") or "x"
    if len(out) > MAX_SLUG:
        digest = hashlib.sha1(out.encode()).hexdigest()[:8]
        out = out[: MAX_SLUG - 9].rstrip("-") + "-" + digest
    return out


@lru_cache(maxsize=1 << 18)
def name_key(text: str) -> str:
    """The form under which names are compared: case, ё, quotes and spacing do not matter."""
    text = _QUOTES.sub("", text.casefold().replace("ё", "е"))
    text = _DOT.sub(". ", text).replace(" ,", ",")
    return _SPACE.sub(" ", text).strip(" .")


def mint(base: str, kind: str, key: str) -> str:
    return f"{base}{kind}/{slug(key)}"
