"""Organization names: legal form + type abbreviations + settlement or «quoted name»
("КОГОБУ СШ пгт Опарино", "МКУ ДО ДДТ «Ровесник»"), and names built on a head noun
("Управление образования Подосиновского района", "Министерство просвещения РФ")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from kg.extraction.morph import phrase_to_nominative
from kg.extraction.spans import leftmost_longest

SETTLEMENT = r"(?:пгт|п\.|д\.|с\.|г\.)\s*"
_TOKEN = re.compile(
    r"(?P<quote>«)"
    r"|(?P<settlement>(?:пгт|п\.|д\.|с\.|г\.)\s*[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*"
    r"(?:\s+[А-ЯЁ][а-яё]+(?=\s*(?:[,.;:)»(\n]|$)))?)"
    r"|(?P<named>им\.\s*(?:[А-ЯЁ]\.\s*){1,2}[А-ЯЁ][а-яё]+)"
    r"|(?P<number>№\s*[\d/]+)"
    r"|(?P<abbr>[А-ЯЁ]{2,}\b(?:\([А-ЯЁ]\))?|ДО\b|ОО\b)"
    r"|(?P<with>с\s+УИОП)"
    r"|(?P<aside>\((?:колхоз|артель|филиал)\))"
    r"|(?P<genitive>Администрации\s+[А-ЯЁ][а-яё]+\s+(?:района|округа|области))"
)
HEAD = re.compile(
    r"\b(?P<head>Управлени[еяю]|[Мм]инистерств[оау]|Администраци[яи]|Департамент[ау]?|Комитет[ау]?)"
    r"(?P<rest>(?:\s+(?:[А-ЯЁ][а-яё]+|РФ|образования|просвещения|сельского|хозяйства|"
    r"администрации|муниципального|района|округа|области|края|науки|культуры|молодежной|"
    r"политики|спорта))+)"
)
ADJECTIVE_HEAD = re.compile(
    r"\b(?P<adj>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:ий|ый|ой|ого|ая|ое|ее|ей|ему|ом))\s+"
    r"(?P<rest>(?:образовательн[а-яё]+\s+округ[а-яё]*|РУО|ПУ\s*№\s*\d+|"
    r"центральн[а-яё]+\s+библиотек[а-яё]+\s+им\.\s*(?:[А-ЯЁ]\.\s*){1,2}[А-ЯЁ][а-яё]+|"
    r"краеведческ[а-яё]+\s+музе[а-яё]+))"
)
ABBREVIATED = re.compile(
    r"\b(?P<name>(?:ИРО|ЦЗН|РУО)\s+[А-ЯЁ][а-яё]+\s+(?:района|области|округа|края)|ИМЦ|"
    r"ШИ(?:\s+с\s+ОВЗ)?|"
    r"(?P<adj>[А-ЯЁ][а-яё]+(?:ий|ого|ому|им|ом))\s+(?:ИРО|ИМЦ|РУО))\b"
)


@cache
def legal_forms() -> frozenset[str]:
    text = files("kg.extraction").joinpath("data/legal_forms.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def known_names() -> re.Pattern[str] | None:
    """The gazetteer's names (data/known_orgs.txt), as known_pattern finds them."""
    text = files("kg.extraction").joinpath("data/known_orgs.txt").read_text(encoding="utf-8")
    return known_pattern(
        line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def known_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """The names in any case ending ("Россельхозбанка" is "Россельхозбанк"), longest first;
    None for no names, whose empty alternation would find a nameless organization at every
    word."""
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    if not alternatives:
        return None
    return re.compile(rf"\b(?P<name>{alternatives})[а-яё]{{0,3}}\b")


@cache
def kind_rules() -> tuple[tuple[str, str], ...]:
    text = files("kg.extraction").joinpath("data/org_kinds.txt").read_text(encoding="utf-8")
    rules = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            kind, word = line.split("\t")
            rules.append((kind, word.strip()))
    return tuple(rules)


@dataclass(frozen=True)
class OrgMention:
    name: str
    kind: str
    place: str | None
    start: int
    end: int


def org_kind(name: str) -> str:
    tokens = re.findall(r"[а-яё]+", name.lower())
    for kind, marker in kind_rules():
        if " " in marker:
            if marker in name.lower():
                return kind
        elif any(t == marker or (len(marker) > 3 and t.startswith(marker)) for t in tokens):
            return kind
    return "other"


def _quoted_end(text: str, start: int) -> int:
    """End of a «...» group starting at `start`, nested quotes included; a missing closing
    quote ends at the line's end."""
    depth, i, first_close = 0, start, None
    while i < len(text) and text[i] != "\n":
        if text[i] == "«":
            depth += 1
        elif text[i] == "»":
            depth -= 1
            first_close = i if first_close is None else first_close
            if depth == 0:
                return i + 1
        i += 1
    # «ЦОиОД «Сосновый бор» never closes its outer quote: end with the inner one.
    return first_close + 1 if first_close is not None else i


SPELLED = re.compile(
    r"\b[А-ЯЁ][а-яё]+ое\s+(?:[а-яё]+ое\s+){0,5}учреждение"
    r"(?:\s+(?:средняя|основная|начальная)\s+общеобразовательная\s+школа)?"
)


def _anchors(text: str) -> list[re.Match[str]]:
    found = [m for m in re.finditer(r"\b[А-ЯЁ]{2,8}\b", text) if m.group() in legal_forms()]
    return sorted([*found, *SPELLED.finditer(text)], key=lambda m: m.start())


def _legal(text: str) -> list[OrgMention]:
    out = []
    for m in _anchors(text):
        end, parts, place, quoted = m.end(), 0, None, False
        while True:
            gap = re.match(r"[ \t]*", text[end:])
            at = end + (gap.end() if gap else 0)
            token = _TOKEN.match(text, at)
            if token is None or (quoted and (token["quote"] or token["settlement"])):
                break
            if token["quote"]:
                end, quoted = _quoted_end(text, at), True
            else:
                end = token.end()
                place = token["settlement"] or place
            parts += 1
        if parts:
            name = text[m.start() : end].strip()
            out.append(OrgMention(name, org_kind(name), place, m.start(), end))
    return out


def _nominative(words: str) -> str:
    parts = words.split()
    if parts[0][0].islower():
        parts[0] = parts[0].capitalize()
    head = phrase_to_nominative(parts[:1])
    return " ".join(head + parts[1:])


def find_orgs(text: str) -> list[OrgMention]:
    """Organization mentions, left to right, overlapping candidates going to the longest."""
    candidates = _legal(text)
    for m in HEAD.finditer(text):
        name = _nominative(m["head"] + m["rest"])
        candidates.append(OrgMention(name, org_kind(name), None, m.start(), m.end()))
    for m in ADJECTIVE_HEAD.finditer(text):
        words = (m["adj"] + " " + m["rest"]).split()
        if "им." in m["rest"] or "РУО" in m["rest"] or "ПУ" in m["rest"]:
            name = (
                " ".join(phrase_to_nominative(words[:1]) + words[1:])
                if "им." not in m["rest"]
                else " ".join(phrase_to_nominative(words[:3]) + words[3:])
            )
        else:
            name = " ".join(phrase_to_nominative(words))
        candidates.append(OrgMention(name, org_kind(name), None, m.start(), m.end()))
    for m in ABBREVIATED.finditer(text):
        name = m["name"]
        if m["adj"]:  # "Кировского ИРО" -> "Кировский ИРО"
            name = " ".join([*phrase_to_nominative([m["adj"]]), name.split()[-1]])
        candidates.append(OrgMention(name, org_kind(name), None, m.start(), m.end()))
    known = known_names()
    for m in known.finditer(text) if known else ():  # "Россельхозбанка" -> "Россельхозбанк"
        name = m["name"]
        candidates.append(OrgMention(name, org_kind(name), None, m.start(), m.end()))
    return leftmost_longest(candidates)
