"""Event mentions in one sentence of a report: the event noun with its noun phrase
("состоялось заседание Совета молодых педагогов района", "прошёл краевой семинар", "круглый
стол «…»"), whether a verb of happening governs it ("состоялся", "прошёл", "проведены",
"пройдёт") or people take part in it, and the visits and agreement signings a report tells
with a verb ("посетил Батагайское ПУ", "подписали соглашение о сотрудничестве")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kg.extraction import event_titles as titles
from kg.extraction.morph import parses, word_cache
from kg.extraction.orgs import legal_forms
from kg.records.dates import MONTH_WORD

LEMMAS = {
    **dict.fromkeys(["заседание", "совещание", "собрание", "педсовет", "совет"], "meeting"),
    "конференция": "conference",
    **dict.fromkeys(["семинар", "вебинар", "семинар-практикум"], "seminar"),
    **dict.fromkeys(["мастер-класс", "практикум", "workshop"], "workshop"),
    "форум": "forum",
    "олимпиада": "olympiad",
    **dict.fromkeys(
        ["конкурс", "смотр", "смотр-конкурс", "чемпионат", "турнир", "соревнование"],
        "competition",
    ),
    "игра-соревнование": "competition",
    "экскурсия": "excursion",
    "визит": "visit",
    **dict.fromkeys(["анкетирование", "опрос", "тестирование"], "survey"),
    "мониторинг": "monitoring",
    **dict.fromkeys(
        ["фестиваль", "акция", "выставка", "марафон", "квест", "слёт", "праздник"], "other"
    ),
    **dict.fromkeys(["мероприятие", "игра"], "other"),
}
"""Event nouns by the kind of event they name, as Russian uses them."""
SPELLED = {lemma.replace("ё", "е"): lemma for lemma in LEMMAS}
NAMED_ONLY = {"мероприятие", "игра"}
"""Nouns too general to be an event unless a quoted name follows: "мероприятие «…»"."""
GOVERNED_ONLY = {"совет"}
""""Совет" is a body; it is a meeting only as the subject of "состоялся", "прошёл"."""
TWO_WORDS = {("круглый", "стол"): "round_table", ("профильный", "смена"): "camp"}
EVENT_NOUNS = frozenset(LEMMAS) | {noun for _, noun in TWO_WORDS}
"""The lemmas of the nouns that can name an event, alone or after a word of TWO_WORDS."""
SEASON_SCHOOL = re.compile(r"(?:летн|осенн|зимн|весенн)\w+\s+(?:профильн\w+\s+)?$", re.I)
"""A season's school ("осенняя профильная школа «Юный лесовод»") is a camp."""
SEASON = re.compile(r"летн|осенн|зимн|весенн", re.I)
"""What SEASON_SCHOOL needs somewhere in the sentence before it can match."""
HAPPENED = re.compile(
    r"\b(?:состоял[аио]?сь|состоялся|состоится|прош[её]л|прошл[аои]|проходил[аио]?|"
    r"пройд[её]т|пройдут|пров[её]л[аи]?|провели|проведен[аоы]?|проведён|проведенн\w+|"
    r"проведённ\w+|организован[аоы]?|стартовал[аио]?|открыл[аио]?сь|открылся|"
    r"завершил[аио]?сь|завершился|закончил[аио]?сь|закончился|побывал[аи]?|"
    r"планиру\w+\s+провести|будет\s+проведен[аоы]?)\b",
    re.I,
)
PARTICIPATION = re.compile(r"\bучасти[еяю]\b|\bучастник\w*", re.I)
TAKING_PART_IN = re.compile(r"(?:\bв|\bво|работе|участи[еяю]|участник\w*)\s+$", re.I)
VISITED = re.compile(r"\bпосетил[аи]?\b", re.I)
ATTENDED = {"выставка", "урок", "занятие", "мероприятие", "концерт", "спектакль", "лекция"}
"""Visiting an exhibition or a lesson is taking part in an event, not a visit."""
PUPILS = re.compile(
    r"\b(?:учащи\w+|школьник\w*|ученик\w*|обучающи\w+|класс(?:ы|ов)|дети|детей|ребят\w*|"
    r"студент\w*|воспитанник\w*)\b",
    re.I,
)
"""Pupils visiting a museum or a firm are on an excursion."""
SIGNED = re.compile(r"\bподпис(?:ал[аи]?|ано|ан[аы]?|анн\w+)\b", re.I)
AGREEMENTS = {"соглашение", "договор", "меморандум"}
WORD = re.compile(r"[А-Яа-яЁёA-Za-z0-9]+(?:-[А-Яа-яЁёA-Za-z0-9]+)*")
"""Words the dictionary can read: pymorphy3 fails on letters of other scripts."""
NOT_IN_PHRASE = {"VERB", "INFN", "PRTS", "GRND", "PREP", "CONJ", "ADVB"}
OBLIQUE = {"gent", "datv", "ablt", "loct", "gen2", "loc2"}
NAMABLE = {
    "район",
    "округ",
    "город",
    "область",
    "край",
    "поселение",
    "посёлок",
    "село",
    "школа",
    "учреждение",
    "организация",
    "центр",
    "программа",
    "проект",
    "кластер",
    "колледж",
    "техникум",
    "лицей",
    "гимназия",
    "сад",
    "дом",
    "клуб",
    "объединение",
    "общество",
    "фонд",
    "движение",
    "компания",
    "банк",
    "университет",
    "институт",
    "музей",
    "библиотека",
    "холдинг",
    "предприятие",
    "хозяйство",
    "колхоз",
    "издательство",
    "управление",
    "администрация",
}
"""Nouns that take a quoted name of their own: in "совет … района «Сретенский район»" the
name is the district's, not the council's."""


@dataclass(frozen=True)
class Mention:
    """An event named in a sentence; offsets are the sentence's."""

    kind: str
    lemma: str
    start: int
    end: int
    title: str | None = None
    strength: int = 0
    """How surely `title` names the event: 2 a quoted name or theme, 1 the noun phrase."""
    plural: bool = False
    named: bool = False
    governed: bool = False
    participation: bool = False
    title_span: tuple[int, int] | None = None


@word_cache
def _parses(word: str) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(lemma, part of speech, grammemes) of each reading of a lower-case word."""
    return tuple(
        (p.normal_form, str(p.tag.POS), frozenset(re.split(r"[ ,]", str(p.tag))))
        for p in parses(word)
    )


def _nouns(word: str) -> list[tuple[str, frozenset[str]]]:
    return [(lemma, tags) for lemma, pos, tags in _parses(word.lower()) if pos == "NOUN"]


def _plural(readings: Sequence[tuple[str, frozenset[str]]], lemma: str) -> bool:
    """Every reading plural: "Мониторинги" is, "заседания" (also genitive singular) is not."""
    return all("plur" in tags for name, tags in readings if name == lemma)


def _adjective(word: str) -> bool:
    _, pos, _ = _parses(word.lower())[0]
    return pos in ("ADJF", "PRTF") or (pos == "NUMR" and word.isalpha())


@word_cache
def _event_readings(word: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The noun readings of a word, their lemmas spelled as LEMMAS spells them."""
    return tuple((SPELLED.get(n.replace("ё", "е"), n), t) for n, t in _nouns(word))


def _event_noun(words: list[str], i: int, joined: bool) -> tuple[str, str, bool, int] | None:
    """(kind, lemma, plural, index of the phrase's first word) of an event noun at word i;
    `joined`: word i-1 stands right before it."""
    readings = _event_readings(words[i])
    if not any(n in EVENT_NOUNS for n, _ in readings) and words[i].lower() != "workshop":
        return None  # no event noun, whatever stands before it
    previous = _parses(words[i - 1].lower())[0][0] if i and joined else ""
    for lemma, _ in readings:
        if (previous, lemma) in TWO_WORDS:
            return TWO_WORDS[(previous, lemma)], lemma, _plural(readings, lemma), i - 1
    if words[i].lower() == "workshop":
        return "workshop", "workshop", False, i
    found = next((n for n, _ in readings if n in LEMMAS), None)
    if found is None or (found in GOVERNED_ONLY and words[i].lower() != "совет"):
        return None  # "Совета", "на Совете": the body, not its meeting
    return LEMMAS[found], found, _plural(readings, found), i


def _in_phrase(word: str, following: str | None) -> bool:
    """A word of the complement after an event noun: "заседание Совета молодых педагогов
    района", "семинар по биологии", "директоров и заместителей директоров по УВР"."""
    low = word.lower()
    if low == "по":
        return True
    if low == "и":
        return following is not None and _in_phrase(following, None)
    if word.isupper() and len(word) > 1 and word.isalpha():
        return True  # an abbreviation: "РМО", "ОО", "УВР"
    if word.isdigit():  # "заседания 14 районных методических объединений", not "26 ноября"
        if following is None or re.match(rf"{MONTH_WORD}|год", following, re.I):
            return False
        return _in_phrase(following, None)
    readings = _parses(low)
    if len(word) < 2 or readings[0][1] in NOT_IN_PHRASE:
        return False
    return any(pos in ("NOUN", "ADJF", "PRTF") and tags & OBLIQUE for _, pos, tags in readings)


def _names_own(word: str) -> bool:
    """Whether a quoted name after `word`, the last of an event's complement, is its own."""
    if word in legal_forms():
        return True  # "МБОУ «…»", "ООО «…»"
    return any(lemma in NAMABLE and "sing" in tags for lemma, tags in _nouns(word))


def mentions_in(sentence: str) -> list[Mention]:
    """Every event noun of the sentence with its noun phrase and title; a noun inside a quoted
    name counts only when it has a quoted name of its own ("«…акции «Книги памяти»»")."""
    matches = list(WORD.finditer(sentence))
    words = [m[0] for m in matches]

    def gap(i: int) -> str:  # what stands between word i and word i + 1
        return sentence[matches[i].end() : matches[i + 1].start()].strip()

    spans = titles.quotes(sentence)
    seasonal = SEASON.search(sentence) is not None
    out: list[Mention] = []
    for i, word in enumerate(words):
        noun = _event_noun(words, i, i > 0 and not gap(i - 1))
        if (
            noun is None
            and seasonal
            and SEASON_SCHOOL.search(sentence[: matches[i].start()])
            and any(n == "школа" for n, _ in _nouns(word))
        ):
            noun = ("camp", "школа", False, i)
        if noun is None:
            continue
        kind, lemma, plural, first = noun
        while first > 0 and not gap(first - 1) and _adjective(words[first - 1]):
            first -= 1
        last = i
        while last + 1 < len(words) and last - i < 14:
            following = words[last + 2] if last + 2 < len(words) else None
            numbered = gap(last) == "№" and words[last + 1].isdigit()  # "округа №4"
            if not numbered and (gap(last) or not _in_phrase(words[last + 1], following)):
                break
            last += 1
        start, end = matches[first].start(), matches[last].end()
        own = last == i or not _names_own(words[last])
        quoted = titles.quoted_after(sentence, end) if own else None
        inside = any(a < start < b for a, b in spans)
        if quoted is None and (inside or lemma in NAMED_ONLY):
            continue
        adjectives = [t for _, p, t in _parses(words[first].lower()) if p == "ADJF"]
        if first < i and adjectives and all("plur" in t for t in adjectives):
            plural = True  # "Тематические экскурсии": a series, not one event
        m = Mention(kind, lemma, start, end, plural=plural, named=quoted is not None)
        tail = sentence[matches[i + 1].start() : end] if last > i else ""
        out.append(_titled(sentence, m, words[first : i + 1], tail, quoted))
    return [m for m in out if not any(_within(m, o) for o in out if o is not m)]


def _within(m: Mention, other: Mention) -> bool:
    return other.title_span is not None and other.title_span[0] < m.start < other.title_span[1]


def _titled(
    sentence: str, m: Mention, phrase: list[str], tail: str, quoted: tuple[int, int] | None
) -> Mention:
    if (span := quoted or titles.theme(sentence, m.start)) is not None:
        return replace(m, title=titles.unquote(sentence, span), strength=2, title_span=span)
    if (topic := titles.devoted(sentence[m.end :])) is not None:
        return replace(m, title=topic, strength=2)
    title = titles.noun_phrase(phrase, tail, m.plural)
    return replace(m, title=title, strength=1 if title else 0)


def governed(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """Marks the mentions a verb of happening governs: the nearest on each side of it within
    the clause ("Совет … состоялся", "состоялось заседание"), and those taken part in."""
    out = list(mentions)
    for verb in HAPPENED.finditer(sentence):
        start = sentence.rfind(";", 0, verb.start()) + 1  # the clause the verb stands in
        end = sentence.find(";", verb.end())
        end = len(sentence) if end < 0 else end
        after = [i for i, m in enumerate(out) if verb.end() <= m.start < end]
        before = [i for i, m in enumerate(out) if start <= m.start and m.end <= verb.start()]
        for i in after[:1] + before[-1:]:
            out[i] = replace(out[i], governed=True)
    if PARTICIPATION.search(sentence):
        for i, m in enumerate(out):
            if TAKING_PART_IN.search(sentence[max(0, m.start - 30) : m.start]):
                out[i] = replace(out[i], participation=True)
    return [m for m in out if m.lemma not in GOVERNED_ONLY or m.governed]


def visits(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """ "посетил Батагайское ПУ №32": a visit, or an excursion when pupils are the visitors; not
    a visit when what is visited is itself an event ("посетил выставку")."""
    out = []
    for verb in VISITED.finditer(sentence):
        objects = {n for w in WORD.findall(sentence, verb.end())[:3] for n, _ in _nouns(w)}
        near = any(verb.end() <= m.start < verb.end() + 25 for m in mentions)
        if near or objects & (ATTENDED | set(LEMMAS)):
            continue
        kind = "excursion" if PUPILS.search(sentence) else "visit"
        out.append(Mention(kind, "посещение", verb.start(), verb.end(), governed=True))
    return out


def signings(sentence: str) -> list[Mention]:
    """ "подписали соглашение о сотрудничестве": the signing of an agreement, named by it."""
    verb = SIGNED.search(sentence)
    if verb is None:
        return []
    matches = list(WORD.finditer(sentence))
    for i, w in enumerate(matches):
        if not any(lemma in AGREEMENTS for lemma, _ in _nouns(w[0])):
            continue
        first = i
        while first > 0 and matches[first - 1].start() > verb.end():
            if not _adjective(matches[first - 1][0]):
                break
            first -= 1
        about = i + 2 < len(matches) and matches[i + 1][0].lower() in ("о", "об")
        words = [titles.genitive(x[0]) for x in matches[first : i + 1]]
        words += [x[0] for x in matches[i + 1 : i + 3]] if about else []
        title = "Подписание " + " ".join(words)
        return [Mention("other", "подписание", w.start(), w.end(), title, 1, governed=True)]
    return []
