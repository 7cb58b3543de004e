"""Protagonist split: the reports of one story all name whom or where the story is about.

Two events of one kind (two players of one team arrested for drunk driving a month apart, two floods in
two cities) share most of their words: the team, the charge, the police force, the weather service. Text
similarity keeps them in one cluster. What tells them apart is the protagonist, the name a report repeats
most. Reports of one event may quote different people, but they all name the event's protagonist; a group
of reports that never names it, and agrees on a protagonist of its own, tells another event.

split(cluster):
  for each name that leads (is repeated most by) at least three reports, most such reports first:
      naming = reports in that name's language that mention it; silent = those that never do
      if the name leads at least half of `naming`, at least half of `silent` (three or more) share a
      lead name of their own that leads no report of `naming`, and the texts agree (reports clearly
      closer within each group than across):
          split into naming | silent
  reports in another language (names are spelled differently there) join the side they are closest to
  each side is split again

Both last checks guard against a spokesman quoted at length: he may lead a few reports of the event while
the others never name him, but his reports tell the same facts (as close across as within), and the
protagonist of the others leads some of his reports too. Measured on ECB+ (35 topics, each two events of
one kind), the cut changes one topic, dev topic 35 (two drunk-driving arrests of one team's players), from
one story to two; no other topic moves.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean

from digests import evidence
from digests.model import Article

SEPARATION = 0.7
"""Names split two groups only if their mean similarity across is below this share of the mean within
each group."""
MIN_REPORTS = 3
"""A protagonist counts when it leads at least this many reports on each side: several outlets, not one
or two reports with an angle of their own."""


@dataclass(frozen=True, slots=True)
class Mentions:
    """The names one report gives, as the split needs them."""

    language: str
    leads: frozenset[str]
    """The names the report repeats most, if repeated at least `min_repeats` times: whom it is about."""
    named: frozenset[str]
    """Every key a name of another report in the same language could match here."""


def mentions(article: Article, min_repeats: int, max_chars: int) -> Mentions:
    """The lead names and all name keys of `article`, read in the title and the body's first `max_chars`
    characters (the lead carries the event)."""
    text = article.text[:max_chars]
    counts = evidence.name_mentions(article.title, text, article.language)
    top = max(counts.values(), default=0)
    leads = frozenset(name for name, count in counts.items() if count == top >= min_repeats)
    # English names are matched against every word (lower-case mentions count); elsewhere against names.
    named = evidence.word_keys(article.title, text) if article.language == "en" else frozenset(counts)
    return Mentions(language=article.language, leads=leads, named=named)


def split(
    members: Sequence[int],
    names: Mapping[int, Mentions],
    closeness: Callable[[int, int], float],
    min_reports: int = MIN_REPORTS,
) -> list[list[int]]:
    """`members` cut wherever two groups follow different protagonists (see the module docstring).

    `closeness(i, j)` is the symmetric text similarity of two members. Deterministic: candidate names are
    tried by number of reports they lead, then alphabetically.
    """
    found = _find_split(members, names, closeness, min_reports)
    if found is None:
        return [list(members)]
    naming, silent = found
    sides = (naming, silent)
    for other in (i for i in members if names[i].language != names[naming[0]].language):
        scores = [sum(closeness(other, j) for j in side) / len(side) for side in sides]
        (naming if scores[0] >= scores[1] else silent).append(other)
    return split(sorted(naming), names, closeness, min_reports) + split(
        sorted(silent), names, closeness, min_reports
    )


def _find_split(
    members: Sequence[int],
    names: Mapping[int, Mentions],
    closeness: Callable[[int, int], float],
    min_reports: int,
) -> tuple[list[int], list[int]] | None:
    """The first (naming, silent) pair of groups that follow different protagonists, if any."""
    if len(members) < 2 * min_reports:
        return None
    votes = Counter((names[i].language, name) for i in members for name in names[i].leads)
    for (language, name), count in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
        if count < min_reports:
            break
        same_language = [i for i in members if names[i].language == language]
        naming = [i for i in same_language if name in names[i].named]
        silent = [i for i in same_language if name not in names[i].named]
        if (
            2 * count >= len(naming)
            and _own_lead(silent, naming, names, min_reports)
            and _apart(naming, silent, closeness)
        ):
            return naming, silent
    return None


def _apart(first: Sequence[int], second: Sequence[int], closeness: Callable[[int, int], float]) -> bool:
    """True when reports are clearly closer within each group than across (groups of two or more)."""
    across = fmean([closeness(i, j) for i in first for j in second])
    within = min(
        fmean([closeness(i, j) for i, j in itertools.combinations(group, 2)]) for group in (first, second)
    )
    return across < SEPARATION * within


def _own_lead(
    group: Sequence[int], others: Sequence[int], names: Mapping[int, Mentions], min_reports: int
) -> bool:
    """True when at least half of `group` (and `min_reports` or more) share a lead name that leads none
    of `others`: a report that leads with a name is about it, whatever else it names."""
    votes = Counter(name for i in group for name in names[i].leads)
    theirs = {name for i in others for name in names[i].leads}
    return any(
        count >= min_reports and 2 * count >= len(group) and name not in theirs
        for name, count in votes.items()
    )
