"""The tokens of a document for the organization grammar (kg.extraction.org_grammar): words,
numbers and punctuation with their offsets, pymorphy3's readings of each word, the word lists
of organization names (data/org_words.txt), and the small parts names are built of: quoted
names, numbers, settlements, namesakes ('им. …'), specialisations ('с УИОП'), territories."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from kg.extraction.morph import parses, word_cache

TOKEN = re.compile(
    r"[А-ЯЁа-яёA-Za-z]+(?:-[А-ЯЁа-яёA-Za-z]+)*|\d+|[«»\"“”„]|№|[^\sА-ЯЁа-яёA-Za-z\d]"
)
TERRITORIES = frozenset({"района", "области", "края", "округа", "республики"})
SETTLEMENT_MARKS = frozenset({"с", "п", "пгт", "д", "г", "ст", "х", "пос", "рп", "аул", "село"})


@cache
def lexicon(role: str) -> frozenset[str]:
    """The words of `role` in data/org_words.txt."""
    text = files("kg.extraction").joinpath("data/org_words.txt").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and line[0] != "#")
    return frozenset(word.strip() for kind, word in rows if kind == role)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def capitalized(self) -> bool:
        return self.text[0].isupper()


@dataclass(frozen=True)
class Candidate:
    name: str
    start: int
    end: int
    place: str | None


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


@word_cache
def readings(word: str) -> tuple[tuple[str, str, str, str], ...]:
    """(part of speech, case, gender, normal form) of each reading of `word`."""
    return tuple(
        (str(p.tag.POS), str(p.tag.case), str(p.tag.gender), p.normal_form) for p in parses(word)
    )


@word_cache
def normal_forms(word: str) -> frozenset[str]:
    return frozenset(n.replace("ё", "е") for _, _, _, n in readings(word.lower()))


@word_cache
def reads_as(word: str, pos: str, case: str | None = None) -> bool:
    return any(p == pos and (case is None or c == case) for p, c, _, _ in readings(word.lower()))


@word_cache
def known_word(word: str) -> bool:
    """A word of the dictionary (not an abbreviation it only guesses at)."""
    return any(p.is_known and "Abbr" not in p.tag for p in parses(word.lower()))


@word_cache
def is_proper(word: str) -> bool:
    """A place or name adjective the dictionary marks so ('Кировский', 'Подосиновский')."""
    return any(
        {"Geox", "Surn", "Name"} & set(map(str, p.tag.grammemes)) for p in parses(word.lower())
    )


@word_cache
def person_like(word: str) -> bool:
    lowered = word.lower()
    return any(
        {"Surn", "Name", "Patr"} & set(map(str, p.tag.grammemes)) for p in parses(lowered)[:2]
    )


class Tokens:
    """The document's tokens with the lookups the rules share."""

    def __init__(self, text: str):
        self.text = text
        self.items = tokenize(text)
        self._texts = [t.text for t in self.items]

    def __len__(self) -> int:
        return len(self.items)

    def at(self, i: int) -> str:
        return self._texts[i] if 0 <= i < len(self._texts) else ""

    def same_line(self, i: int, j: int) -> bool:
        if not (0 <= i < len(self.items) and 0 <= j < len(self.items)):
            return False
        return "\n" not in self.text[self.items[i].end : self.items[j].start]

    # -- the parts of names -------------------------------------------------------------------
    def quoted(self, i: int) -> int | None:
        """End (exclusive) of a quoted name starting at token i, nested quotes included. An
        outer quote left open ('«ЦОиОД «Сосновый бор»') ends with the inner one; a quote
        never closed, at the line's end."""
        if self.at(i) not in ("«", '"', "“", "„"):
            return None
        depth, j, first_close = 0, i, None
        while j < len(self) and j - i < 25 and self.same_line(i, j):
            t = self.at(j)
            if t in ("«", "„") or (t in ('"', "“") and depth == 0):
                depth += 1
            elif t in ("»", "”") or (t in ('"', "“") and depth > 0):
                depth -= 1
                first_close = j + 1 if first_close is None else first_close
                if depth == 0:
                    return j + 1
            j += 1
        if first_close is not None:
            return first_close
        return j if j - i <= 12 and j > i + 1 else None

    def number(self, i: int) -> int | None:
        after_type = self.at(i - 1).isupper() or normal_forms(self.at(i - 1)) & lexicon("type")
        if self.at(i) != "№" and not after_type:
            return None  # bare after a type only: 'СОШ 21', not '… холдинг» 19 октября'
        j = i + 1 if self.at(i) == "№" else i
        if not self.at(j).isdigit():
            return None
        j += 1
        while self.at(j) == "/" and self.at(j + 1).isdigit():
            j += 2
        return j

    def settlement(self, i: int) -> int | None:
        """'с.Абзаково', 'пгт Опарино', 'г. Улан-Удэ', 'г.о. Электросталь'."""
        mark = self.at(i)
        if mark not in SETTLEMENT_MARKS:
            return None
        j = i + 1
        if self.at(j) == ".":
            j += 1
        if self.at(j) == "о" and self.at(j + 1) == ".":  # г.о.
            j += 2
        name = self.at(j)
        if not (
            name.replace("-", "").isalpha()
            and name[:1].isupper()
            and (not name.isupper() or len(name) == 1)
        ):
            return None  # 'с УИОП' is no village
        if self.items[j - 1].end - self.items[i].start >= 8:
            return None
        second = self.at(j + 1)
        if (
            second[:1].isupper()
            and second.isalpha()
            and self.same_line(j, j + 1)
            and not self.at(j + 2)[:1].isalpha()
            and not self.person_at(j + 1)
        ):
            return j + 2  # 'с.Золотая Долина,'
        return j + 1

    def namesake(self, i: int) -> int | None:
        """'им. М.Л. Новгородова', 'имени Алдара Цыденжапова', 'имени Еремина'."""
        j = i
        if self.at(j) == "им" and self.at(j + 1) == ".":
            j += 2
        elif self.at(j) == "имени":
            j += 1
        else:
            return None
        initials = j
        while len(self.at(j)) == 1 and self.at(j).isupper() and self.at(j + 1) == ".":
            j += 2
        words, most = 0, 1 if j > initials else 2  # 'им. А.А.Филева', 'имени Алдара Цыденжапова'
        while self.at(j)[:1].isupper() and self.at(j).isalpha() and words < most:
            j, words = j + 1, words + 1
        return j if words else None

    def territory(self, i: int) -> int | None:
        """'Кировской области', 'Опаринского района', 'Партизанского муниципального района'."""
        if not (self.at(i)[:1].isupper() and reads_as(self.at(i), "ADJF", "gent")):
            return None
        j = i + 1
        while self.at(j).islower() and reads_as(self.at(j), "ADJF", "gent"):
            j += 1
        return j + 1 if self.at(j).lower() in TERRITORIES else None

    def deep_study(self, i: int) -> int | None:
        """'с УИОП', 'с углубленным изучением отдельных предметов'."""
        if self.at(i) != "с":
            return None
        if self.at(i + 1) == "УИОП":
            return i + 2
        if not self.at(i + 1).lower().startswith("углубл") or self.at(i + 2) != "изучением":
            return None
        j = i + 3
        while (
            j < i + 7
            and self.at(j).islower()
            and reads_as(self.at(j), "NOUN", "gent") | reads_as(self.at(j), "ADJF", "gent")
        ):
            j += 1
        return j

    def sentence_start(self, i: int) -> bool:
        before = self.text[: self.items[i].start].rstrip(" \t")
        return not before or before[-1] in '.!?\n:;-–—(«"0123456789'

    def person_at(self, i: int) -> bool:
        """A surname before initials or a first name, or one the dictionary knows only as a
        name ('Калинина Л.Г.', 'Дедова Л.А.', 'Лидия Кольдина')."""
        after = self.at(i + 1)
        if len(after) == 1 and after.isupper() and self.at(i + 2) == ".":
            return True
        if after[:1].isupper() and person_like(after) and not reads_as(after, "ADJF"):
            return True
        return person_like(self.at(i)) and not reads_as(self.at(i), "ADJF")

    def name_adjective(self, i: int) -> bool:
        """A capitalized adjective of a name ('Осиновская', 'Кокуйской'), not a surname
        followed by initials ('Кириловская Е.П.')."""
        word = self.at(i)
        if not (word[:1].isupper() and reads_as(word, "ADJF")):
            return False
        if self.sentence_start(i) and known_word(word) and not is_proper(word):
            return False  # 'Опорная школа …' opening a sentence is no name
        return not (len(self.at(i + 1)) == 1 and self.at(i + 1).isupper() and self.at(i + 2) == ".")


Rule = Callable[[Tokens, int], int | None]


def longest_end(tokens: Tokens, i: int, rules: Sequence[Rule]) -> int | None:
    ends = [end for rule in rules if (end := rule(tokens, i)) is not None]
    return max(ends) if ends else None


# -- the three shapes ------------------------------------------------------------------------


@cache
def legal_forms_words() -> frozenset[str]:
    """The legal forms (data/legal_forms.txt): 'МБОУ', 'КОГОБУ', 'АО', …"""
    text = files("kg.extraction").joinpath("data/legal_forms.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and line[0] != "#")
