"""A grammar of Russian organization names, over tokens and pymorphy3's morphology.

Three shapes cover the names of the genre (general knowledge of Russian officialese):

- a legal form and the name after it: "МБОУ «Гимназия № 1»", "МОУ Осиновская СОШ",
  "МКОУ СОШ с.Абзаково", "МБОУ СОШ с УИОП № 3 им. А.С. Пушкина";
- a type word with what tells it apart, no legal form: "Кокуйская школа № 1", "школа
  № 256", "СОШ 6", "Воскресенский колледж", "Дом детского творчества", "школа «Патриот»";
- an authority and its genitive or "по" complement: "Управление образования
  администрации Сретенского района", "отдел образования", "Комитет по образованию",
  "Министерство образования и науки Российской Федерации", "Правительство области".

Each shape takes the tokens (kg.extraction.org_tokens) and where a name may begin, and
gives where it ends, or None; kg.extraction.org_names turns the spans into names.
"""

from __future__ import annotations

import re

from kg.extraction.org_tokens import (
    Rule,
    Tokens,
    known_word,
    legal_forms_words,
    lexicon,
    longest_end,
    normal_forms,
    reads_as,
)


def abbreviation(tokens: Tokens, i: int) -> int | None:
    word = tokens.at(i)
    if not (2 <= len(word) <= 8 and word.isupper() and word.isalpha()):
        return None
    if word in lexicon("not-name") or (len(word) > 4 and known_word(word)):
        return None  # 'ЕГЭ'; 'КОМИТЕТ' in a heading written in capitals
    return i + 1


def type_noun(tokens: Tokens, i: int) -> int | None:
    return (
        i + 1 if tokens.at(i).isalpha() and normal_forms(tokens.at(i)) & lexicon("type") else None
    )


def _house(tokens: Tokens, i: int) -> int | None:
    """'Дом культуры', 'Дом детского творчества', 'дом ремёсел'."""
    if "дом" not in normal_forms(tokens.at(i)):
        return None
    j = i + 1
    while tokens.at(j).lower() in lexicon("house") and j < i + 3:
        j += 1
    return j if j > i + 1 else None


def _distinguishing(tokens: Tokens, i: int, across_lines: bool = False) -> int | None:
    """A quoted name, number, settlement, namesake or specialisation, on the same line."""
    if i == 0 or i >= len(tokens) or not (across_lines or tokens.same_line(i - 1, i)):
        return None
    rules: list[Rule] = [
        Tokens.quoted, Tokens.number, Tokens.settlement, Tokens.namesake, Tokens.deep_study,
    ]  # fmt: skip
    return longest_end(tokens, i, rules)


def lowercase_adjectives(tokens: Tokens, i: int) -> int:
    while tokens.at(i).islower() and reads_as(tokens.at(i), "ADJF"):
        i += 1
    return i


LEGAL_SHAPE = re.compile(r"[А-ЯЁ]{1,6}(?:ОУ|БУ|АУ|КУ|УК|ПОУ|ДОУ|УДО)")
"""Legal forms are built of letters for owner and type ('ТОГОАУ', 'КГБПОУ', 'МАУК'): the
list (data/legal_forms.txt) holds the others ('АО', 'СПК')."""


def is_legal_form(word: str, legal_forms: frozenset[str]) -> bool:
    return word in legal_forms or LEGAL_SHAPE.fullmatch(word) is not None


def legal_form_name(tokens: Tokens, i: int, legal_forms: frozenset[str]) -> int | None:
    """'МБОУ «Гимназия № 1»', 'МОУ Осиновская СОШ', 'МКУ ДО ДДТ «Ровесник»', 'МКУ ИМС
    Администрации Подосиновского района' — the legal form and the parts of a name after it,
    on its line, one quoted name at most (a second is a project's or an event's)."""
    if is_legal_form(tokens.at(i), legal_forms):
        j = i + 1
        firm = tokens.at(j)
        if (
            firm[:1].isupper()
            and firm.isalpha()
            and not firm.isupper()
            and not tokens.person_at(j)
            and not reads_as(firm, "ADJF")
            and not normal_forms(firm) & (lexicon("type") | lexicon("authority"))
        ):
            return j + 1  # a firm's name unquoted: 'ПАО Сбербанк'
    elif (spelled := spelled_legal_form(tokens, i)) is not None:
        j = spelled  # a letterhead may put the name on the next line
    else:
        return None
    opened, parts, quoted = j, 0, False
    while j < len(tokens) and (j == opened or tokens.same_line(j - 1, j)):
        if tokens.name_adjective(j):  # only before what it qualifies: 'Осиновская СОШ'
            after = lowercase_adjectives(tokens, j + 1)
            head = abbreviation(tokens, after) or type_noun(tokens, after)
            if head is None:
                break
            j, parts, quoted = head, parts + 1, True  # named: no quoted name follows
            continue
        if (tokens.quoted(j) is not None and quoted) or is_legal_form(tokens.at(j), legal_forms):
            break  # a second quoted name is a project's; a legal form, the next organization
        aside = tokens.at(j + 1)
        if (
            tokens.at(j) == "("
            and tokens.at(j + 2) == ")"
            and normal_forms(aside) & lexicon("type")
        ):
            j += 3  # 'СПК (колхоз) «Родина»', not '… (агрокласс)'
            continue
        if parts and "администрация" in normal_forms(tokens.at(j)):
            administration = _complement(tokens, j + 1)  # 'МКУ ИМС Администрации … района'
            j = administration if administration > j + 1 else j
            break
        after = lowercase_adjectives(tokens, j)
        typed = type_noun(tokens, after)
        end = (
            _distinguishing(tokens, j, across_lines=j == opened)
            or _territory_after(tokens, j)
            or _regional_abbreviation(tokens, j)
            or abbreviation(tokens, j)
            or (_genitives(tokens, typed) if typed else None)
            or _house(tokens, after)
        )
        if end is None:
            break
        quoted = quoted or tokens.quoted(j) is not None
        j, parts = end, parts + 1
    return j if parts else None


def _genitives(tokens: Tokens, i: int) -> int:
    """Lower-case genitive words after a type noun: 'Центр развития образования'."""
    while tokens.at(i).islower() and _agreeing(tokens.at(i), "gent") and tokens.same_line(i - 1, i):
        i += 1
    return i


def _territory_after(tokens: Tokens, i: int) -> int | None:
    """A territory after an abbreviation: 'ИРО Кировской области', 'ЦЗН Опаринского района'
    (a territory does not tell one school from another: 'школы района' are many)."""
    before = tokens.at(i - 1)
    if i == 0 or not (before.isupper() or before == "»") or not tokens.same_line(i - 1, i):
        return None
    return tokens.territory(i)


def _regional_abbreviation(tokens: Tokens, i: int) -> int | None:
    """'РС(Я)': an abbreviation with a letter in brackets."""
    if abbreviation(tokens, i) and tokens.at(i + 1) == "(" and tokens.at(i + 3) == ")":
        return i + 4 if tokens.at(i + 2).isupper() and len(tokens.at(i + 2)) <= 2 else None
    return None


def spelled_legal_form(tokens: Tokens, i: int) -> int | None:
    """'Муниципальное казенное общеобразовательное учреждение', 'Кировское областное
    государственное общеобразовательное бюджетное учреждение'."""
    if not reads_as(tokens.at(i), "ADJF") or (i > 0 and reads_as(tokens.at(i - 1), "ADJF")):
        return None
    j = lowercase_adjectives(tokens, i + 1)
    if j <= i + 1 or "учреждение" not in normal_forms(tokens.at(j)):
        return None
    if tokens.at(i).islower() and tokens.quoted(j + 1) is None:
        return None  # in running text only with its quoted name: '… учреждения «Управление …»'
    return j + 1


def typed_name(tokens: Tokens, i: int) -> int | None:
    """'Кокуйская школа № 1', 'средней общеобразовательной школы № 7', 'СОШ 6',
    'Воскресенский колледж', 'Дом детского творчества', 'школа «Патриот»'."""
    j, named = i, False
    while tokens.name_adjective(j):
        j, named = j + 1, True
    k = lowercase_adjectives(tokens, j)
    if k > j and abbreviation(tokens, k):
        return None  # 'учащийся МОУ …': lowercase adjectives qualify type words only
    j = k
    kind_of = j + 1 if tokens.at(j) in lexicon("abbreviation") else None  # 'СОШ', not 'МБОУ'
    head = _house(tokens, j) or type_noun(tokens, j) or kind_of
    if head is None or (
        j == i and not tokens.at(i)[:1].isupper() and not _distinguishing(tokens, head)
    ):
        return None
    if "округ" in normal_forms(tokens.at(j)) and "образовательный" not in normal_forms(
        tokens.at(j - 1)
    ):
        return None  # of districts only the educational ones are networks of schools
    house = _house(tokens, j) is not None and tokens.at(j)[:1].isupper()
    end = head
    while (more := _distinguishing(tokens, end) or _territory_after(tokens, end)) is not None:
        if named and tokens.quoted(end) is not None:
            break  # 'Верхоянское РУО «Основные направления …»': a topic, the name is given
        end = more
    if (
        end == head
        and tokens.at(end).isdigit()
        and abbreviation(tokens, j)
        and tokens.same_line(head - 1, end)
    ):
        end += 1  # 'СОШ 6', 'Лицей 1'
    if end == head and not named and not house:
        return None
    if (
        named
        and end == head
        and abbreviation(tokens, j)
        and not _is_type_abbreviation(tokens.at(j))
    ):
        return None  # 'Горномарийского РМО'
    return end


def _is_type_abbreviation(word: str) -> bool:
    return word in lexicon("abbreviation")


MUNICIPAL = frozenset({"района", "округа", "образования", "поселения", "области", "края", "мо"})
"""Words after which a municipality's own name comes in quotes: 'района «Сретенский район»'."""


def _agreeing(word: str, case: str) -> bool:
    return (
        len(word) > 2
        and word.isalpha()
        and (reads_as(word, "NOUN", case) or reads_as(word, "ADJF", case))
    )


def _complement(tokens: Tokens, j: int) -> int:
    """The genitive words (or 'по' and dative ones) after an authority's head: 'образования и
    молодежной политики администрации города Алатыря', 'по печати и информационным
    коммуникациям Астраханской области', 'образованием' (of 'управление')."""
    start, case = j, "gent"
    if tokens.at(j) == "по":
        j, case = j + 1, "datv"
    elif tokens.at(j) == "образованием":
        j += 1
    while j < len(tokens) and j - start < 16:
        if j > start and not tokens.same_line(j - 1, j) and not reads_as(tokens.at(j - 1), "ADJF"):
            break  # a line may end inside a name only after an adjective: 'Иркутской\nобласти'
        word = tokens.at(j)
        following = tokens.at(j + 1)
        if (
            word == "и"
            and j > start
            and following.islower()
            and (_agreeing(following, case) or _agreeing(following, "gent"))
        ):
            j += 1
            continue
        if tokens.at(j - 1).lower() in MUNICIPAL and (quoted := tokens.quoted(j)) is not None:
            j = quoted
            continue
        if word.isupper() and word.isalpha() and 2 <= len(word) <= 4 and j > start:
            region = word not in legal_forms_words() and word not in lexicon("abbreviation")
            if region or word.lower() in MUNICIPAL:
                j += 1  # 'РФ', 'КЧР', 'МО'
                continue
            break
        if (place := tokens.settlement(j)) is not None and j > start:
            j = place
            continue
        if _agreeing(word, case) or (case == "datv" and _agreeing(word, "gent")):
            if word[:1].isupper() and tokens.person_at(j):
                break  # 'Калинина Л.Г.', 'Дедова Л.А.'
            if case == "datv" and _agreeing(word, "gent") and not _agreeing(word, "datv"):
                case = "gent"  # 'по печати … Астраханской области'
            j += 1
            continue
        break
    while j > start and tokens.at(j - 1) in ("и", "по"):
        j -= 1
    return j


def authority_name(tokens: Tokens, i: int) -> int | None:
    """'Управление образования администрации района', 'Комитет по образованию',
    'Законодательное Собрание Иркутской области', 'отдел образования'."""
    j = i
    while reads_as(tokens.at(j), "ADJF") and (j == i or tokens.at(j).islower()):
        j += 1
    head = tokens.at(j)
    if not (head.isalpha() and normal_forms(head) & lexicon("authority")):
        return None
    if normal_forms(head) & lexicon("qualified-authority") and not (
        tokens.name_adjective(i) or (head[:1].isupper() and not tokens.sentence_start(j))
    ):
        return None  # 'Законодательное Собрание', not 'Общее собрание руководителей'
    if head.islower() and i > 0 and "орган" in normal_forms(tokens.at(i - 1)):
        return None  # 'органов управления образованием': any authority, not one
    if head.isupper() and len(head) > 1:
        return None  # a heading in capitals, named again in its own case below
    first = tokens.at(j + 1)
    if abbreviation(tokens, j + 1) or normal_forms(first) & (lexicon("type") | {"школа"}):
        return None  # 'администрация школы', 'администрация МБОУ': a school's own staff
    end = _complement(tokens, j + 1)
    while end > j + 1 and reads_as(tokens.at(end - 1), "ADJF") and not tokens.at(end - 1).isupper():
        end -= 1  # an adjective without its noun: 'службами Быковского, Николаевского …'
    if end <= j + 1:
        return None
    for k in range(j + 1, end):
        if typed_name(tokens, k) is not None:
            return None  # 'отдел обслуживания … библиотеки': a part of the organization named
    if "отдел" in normal_forms(head) and legal_form_name(tokens, end, legal_forms_words()):
        return None  # 'отдел международных связей ГАУ ДО …': the same
    return end


def quoted_name(tokens: Tokens, i: int) -> int | None:
    """An abbreviation or an organization noun before a quoted name: 'РИА «Дагестан»',
    'СДО «Наследники Акпарса»', 'Издательский дом «Методист»', 'детсад «Дюймовочка»'."""
    j = i
    if abbreviation(tokens, j):
        j += 1
    else:
        if reads_as(tokens.at(j), "ADJF"):
            j = lowercase_adjectives(tokens, j + 1)
        if not (
            tokens.at(j).isalpha()
            and normal_forms(tokens.at(j)) & (lexicon("type") | lexicon("quoted"))
        ):
            return None
        j += 1
    return tokens.quoted(j)


# -- names in the nominative -----------------------------------------------------------------
