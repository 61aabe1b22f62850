"""Positions: a person mention with the posts written beside it — before the name ("директор
МОУ Осиновская СОШ Струговщикова Н.Ф.", "Заместитель главы Администрации района, председатель
комитета по образованию В.Н. Костин"), after it ("Инкина Е.И.- главный специалист отдела
образования", "Якимова А.С.(учитель истории и обществознания Емангашской ООШ)"), or shared by
a list ("учителя Иванова А.А., Петрова Б.Б.", "Салдимирова О.С. и Гаранина Е.И.-воспитатели")."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from kg.extraction.orgs import OrgMention
from kg.extraction.people import PersonMention
from kg.extraction.post_reader import Post, read_post, starts_a_post
from kg.extraction.titles import Named, kind_of, plural, role, same_post

COUNCIL_ROLE = re.compile(
    r"^(?:председатель|член)\s+координационного\s+совета|^куратор\s+образовательного\s+кластера",
    re.I,
)
CHAIN = re.compile(r"[ \t]*(?:,|\s[-–—])[ \t]*")
"""Between two posts of one person: "учитель МБОУ СОШ 21, эксперт ЕГЭ", "заместитель главы
администрации - начальник отдела образования"."""
AFTER_NAME = re.compile(r"[ \t]*(?:(?P<open>\()|(?P<dash>[-–—])|,)?[ \t]*")
LIST_JOIN = re.compile(r"[ \t]*(?:,|\bи\b)[ \t]*(?:и\s+)?")
ADMINISTRATION = re.compile(r"^(?P<head>(?:первый )?(?:заместитель главы|глава)) (?P<rest>.+)$")


@dataclass(frozen=True)
class Position:
    person: PersonMention
    title: str
    org: str | None
    raw: str = ""
    """The title as written, for what only the document as a whole can tell (which school
    "директор школы" means)."""
    named: Named | None = None
    """An organization the title names in its own words where no org mention stands
    ("Управление образования" of "начальник управления образования"; `org` is then None):
    extract() takes it for the position's organization, adding it to the document's."""


def _posts_before(text: str, lo: int, end: int, orgs: list[OrgMention]) -> list[Post]:
    """The posts written right before a name, earlier ones joined by commas to the last:
    "Заместитель главы Администрации района, председатель комитета по образованию"."""
    for at in starts_a_post(text, lo, end):
        post = read_post(text, at, end, orgs)
        line = text.rfind("\n", 0, at) + 1
        signed = not text[line:at].strip()  # "Председатель комитета<tabs>А.Г. Чупин"
        if post is None or (plural(post.head) and not plural(post.head, only=False)):
            continue  # "молодым педагогам нового председателя": a plural not naming the list
        if not text[post.end : end].strip(" \xa0(" + ("\t_" if signed else "")):
            comma = re.search(r",[ \t]*$", text[lo:at])
            earlier = _posts_before(text, lo, lo + comma.start(), orgs) if comma else []
            return [p for p in earlier if not plural(p.head)] + [post]
    return []


def _posts_after(
    text: str, start: int, end: int, orgs: list[OrgMention]
) -> tuple[list[Post], bool]:
    """The posts written after a name, and whether a dash or bracket led to them (a list of
    "Фамилия - должность" items, not of "должность Фамилия")."""
    lead = AFTER_NAME.match(text, start, end)
    at = lead.end() if lead else start
    limit = end
    if lead and lead["open"]:
        close = text.find(")", at, end)
        limit = close if close >= 0 else end
    posts: list[Post] = []
    while at < limit:
        post = read_post(text, at, limit, orgs, org_first=not posts)
        if post is None or (post.raw[:1].isupper() and not lead_is_strong(lead)):
            break  # "Руководители ОУ": another party of a plan cell, not a title
        if (plural(post.head) or plural(post.head, only=False)) and (
            posts or not lead_is_strong(lead)
        ):
            break  # "…, учителя русского языка": the next party of the list
        posts.append(post)
        chain = CHAIN.match(text, post.end, limit)
        if chain is None or chain.end() == post.end:
            break
        at = chain.end()
    return posts, bool(lead and (lead["open"] or lead["dash"]))


def lead_is_strong(lead: re.Match[str] | None) -> bool:
    return bool(lead and (lead["open"] or lead["dash"]))


def _line_above(text: str, person: PersonMention, orgs: list[OrgMention]) -> list[Post]:
    """A name alone on its line signed under its title: "Директор\\n\\nЮ.И. Чульская"."""
    line_start = text.rfind("\n", 0, person.start) + 1
    if text[line_start : person.start].strip(" \t\xa0_") or line_start == 0:
        return []
    above = text[:line_start].rstrip()
    first = above.rfind("\n") + 1
    post = read_post(
        text, first + len(above[first:]) - len(above[first:].lstrip()), len(above), orgs
    )
    return [post] if post is not None and post.end == len(above) else []


def _administration(post: Post, orgs: list[OrgMention]) -> Post:
    """ "Глава района" is the head of the administration the document names ("Администрация
    района"); "глава Вишнёвского сельсовета" stays as written where none is named."""
    m = ADMINISTRATION.match(post.title)
    if post.org is not None or post.named is not None or m is None:
        return post
    territory, _, tail = m["rest"].partition(" по ")
    for org in orgs:
        name = org.name.lower().replace("ё", "е")
        if name.startswith("администрация ") and name[14:] == territory.lower().replace("ё", "е"):
            title = f"{m['head']} по {tail}" if tail else m["head"]
            return Post(post.start, post.end, title, org, None, post.raw, post.head)
    return post


def _council(post: Post) -> Post:
    """A role in a coordination council or cluster, named as the gold names it; councils and
    clusters are not organizations."""
    role = COUNCIL_ROLE.match(post.title)
    if role is None:
        return post
    title = role.group().lower().replace("координационного совета", "Координационного Совета")
    return replace(post, title=title, org=None, named=None)


def _bracketed(text: str, post: Post, orgs: list[OrgMention]) -> Post:
    """ "МБОУ «Лесная СОШ» (директор Орлова Н.А.)": the post of the organization before the
    bracket."""
    if post.org is not None or post.named is not None:
        return post
    bracket = re.search(r"\(\s*$", text[: post.start])
    org = next((o for o in orgs if bracket and not text[o.end : bracket.start()].strip()), None)
    return replace(post, org=org) if org is not None else post


def _implied(post: Post, orgs: list[OrgMention]) -> Post:
    """ "заместитель директора колледжа по учебно-производственной работе": the college is
    the document's only one. Schools are left to kg.extraction.implied, which knows hubs."""
    if post.org is not None or post.named is not None:
        return post
    words = post.title.split(" ")
    for i, word in enumerate(words[1:], 1):
        kind = kind_of(word) if role(word) == "institution" else None
        if kind is None or kind == "school":
            continue
        of_kind = {o.name: o for o in orgs if o.kind == kind}
        if len(of_kind) == 1:
            title = " ".join(words[:i] + words[i + 1 :])
            return replace(post, title=title, org=next(iter(of_kind.values())))
    return post


def _shared(
    people: list[PersonMention], text: str, before: list[list[Post]], after: list[list[Post]]
) -> None:
    """A plural post over the names it stands with: "учителя Иванова А.А., Петрова Б.Б.",
    "(Салдимирова О.С. и Гаранина Е.И.-воспитатели …)"."""

    own = [list(posts) for posts in after]

    def joined(i: int) -> bool:
        gap_start = own[i][-1].end if own[i] else people[i].end
        between = text[gap_start : people[i + 1].start]
        return bool(LIST_JOIN.fullmatch(between)) and not before[i + 1]

    for i in range(len(people)):
        shared = [p for p in before[i] if plural(p.head, only=False)]
        j = i
        while shared and j + 1 < len(people) and joined(j):
            j += 1
            after[j] = [*shared, *after[j]]
        if own[i] and plural(own[i][0].head):
            j = i
            while j > 0 and not own[j - 1] and joined(j - 1):
                j -= 1
                after[j] = [*after[j], own[i][0]]


def find_positions(
    text: str, people: list[PersonMention], orgs: list[OrgMention]
) -> list[Position]:
    before: list[list[Post]] = []
    after: list[list[Post]] = []
    led: list[bool] = []
    for i, person in enumerate(people):
        lo = people[i - 1].end if i else 0
        hi = people[i + 1].start if i + 1 < len(people) else len(text)
        before.append(
            _posts_before(text, lo, person.start, orgs) or _line_above(text, person, orgs)
        )
        posts, strong = _posts_after(text, person.end, hi, orgs)
        after.append(posts)
        led.append(strong)
    for i in range(len(people) - 1):  # one stretch of text is one person's post
        if after[i] and before[i + 1] and after[i][-1].end > before[i + 1][0].start:
            if led[i] or not before[i]:
                before[i + 1] = [p for p in before[i + 1] if p.start >= after[i][-1].end]
            else:
                after[i] = [p for p in after[i] if p.end <= before[i + 1][0].start]
    _shared(people, text, before, after)
    out: list[Position] = []
    for person, posts in zip(
        people, (b + a for b, a in zip(before, after, strict=True)), strict=True
    ):
        council = [_council(p) for p in posts if COUNCIL_ROLE.match(p.title)]
        for post in council + [p for p in posts if not COUNCIL_ROLE.match(p.title)]:
            post = _implied(_bracketed(text, _administration(post, orgs), orgs), orgs)
            org = post.org.name if post.org else None
            out.append(Position(person, post.title, org, post.raw, post.named))
    return out


def named_org(named: Named, organizations: list[dict[str, Any]], canonical: dict[str, str]) -> str:
    """The document's organization a title names in its own words ("Управление образования"
    is "Управление образования Лесного района" where the document names that), or a new one,
    added to `organizations`."""
    key = named.name.lower().replace("ё", "е")
    for entry in organizations:
        for form in [entry["name"], *entry["aliases"]]:
            if form.lower().replace("ё", "е").startswith(key):
                return str(entry["name"])
    organizations.append({"name": named.name, "aliases": [], "kind": named.kind, "place": None})
    canonical[named.name] = named.name
    return named.name


def add_position(positions: list[dict[str, Any]], item: dict[str, Any]) -> None:
    """`item` added to a person's positions, unless it is one of them written again; the
    fuller title of the two is kept."""
    twin = next(
        (p for p in positions if p["org"] == item["org"] and same_post(p["title"], item["title"])),
        None,
    )
    if twin is None:
        positions.append(item)
    elif len(item["title"]) > len(twin["title"]) and item["title"].startswith(twin["title"]):
        twin["title"] = item["title"]


def orgless_twins(positions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The positions less those without an organization that repeat one with it."""
    titled = [p["title"] for p in positions if p["org"]]
    return [p for p in positions if p["org"] or not any(same_post(p["title"], t) for t in titled)]
