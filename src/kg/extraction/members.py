"""Cluster members: the organizations a document says belong to a cluster, listed under
"Образовательные организации, входящие в образовательный кластер" (a list or a table
column), after "в состав кластера входят:", or labelled "МКОУ СОШ с. Лесное (технологический
кластер)"."""

from __future__ import annotations

import re

from kg.extraction.meta import CLUSTER, cluster_name
from kg.extraction.orgs import OrgMention

LIST_HEADER = re.compile(
    r"(?:входящ[а-яё]*\s+в\s+(?:состав\s+)?|в\s+состав\s+|участник[а-яё]*\s+)"
    r"(?P<cluster>(?:[А-ЯЁа-яё]+\s+){0,2}?кластер[а-яё]*)(?:[ \t]+вход[а-яё]*)?[ \t]*:?",
    re.I,
)
LABEL = re.compile(
    r"\s*\((?P<adj>[А-ЯЁа-яё]+)\s+(?P<edu>образовательн[а-яё]+\s+)?кластер[а-яё]*\)", re.I
)
ITEM_START = re.compile(r"^[\t ]*(?:\d{1,2}[.)]\s*|[-–•]\s*)?")


def _cluster(phrase: str, clusters: list[str]) -> str | None:
    """The cluster a header names, or the document's only cluster."""
    named = CLUSTER.search(phrase)
    if named and not named["adj"].lower().startswith("образовательн"):
        return cluster_name(named)
    return clusters[0] if len(clusters) == 1 else None


def _listed(text: str, at: int, orgs: list[OrgMention]) -> list[OrgMention]:
    """Organizations listed from `at` on: on the header's own line, else one per item of
    the list or table below it, up to the first line of ordinary text."""
    line_end = text.find("\n", at)
    line_end = len(text) if line_end < 0 else line_end
    inline = [o for o in orgs if at <= o.start < line_end]
    if inline:
        return inline
    found: list[OrgMention] = []
    offset = line_end + 1
    for line in text[line_end + 1 :].splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        marker = ITEM_START.match(line)
        assert marker is not None  # it matches the empty string at least
        if not line.strip():
            continue
        if not marker[0]:
            break
        found.extend(o for o in orgs if o.start == start + len(marker[0]))
    return found


def find_members(text: str, orgs: list[OrgMention], clusters: list[str]) -> dict[str, list[str]]:
    """Cluster name -> the names (as mentioned) of its member organizations, in text order."""
    members: dict[str, list[str]] = {}
    for header in LIST_HEADER.finditer(text):
        cluster = _cluster(header["cluster"], clusters)
        if cluster is not None:
            for org in _listed(text, header.end(), orgs):
                members.setdefault(cluster, []).append(org.name)
    for org in orgs:
        label = LABEL.match(text, org.end)
        if label:
            words = [label["adj"], *(label["edu"].split() if label["edu"] else []), "кластер"]
            name = " ".join(words)
            members.setdefault(name[:1].upper() + name[1:].lower(), []).append(org.name)
    return {c: list(dict.fromkeys(names)) for c, names in members.items()}
