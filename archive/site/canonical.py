"""The canonical form of the lists' URLs: one spelling per list, or the problems found.

Every list, feed, CSV and API address is cleaned by ``apply_filters``: parameters in the
FilterSet's declaration order, each value trimmed and in the case its filter declares
(``archive.site.filters``), repeatable ones sorted, defaults left out. Input a reader can fix
raises ``BadQuery``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.search import query as textsearch
from archive.site.filters import (
    DEFAULT_SORT,
    MAX_LENGTH,
    MAX_VALUES,
    RELEVANCE,
    is_repeatable,
    is_tracking,
    normalise_case,
)

DEFAULTS = {"page": "1"}


class BadQuery(Exception):
    """Input a reader can fix: answered with a 400 that says what is wrong.

    ``names`` are the parameters at fault, when known: a list page can then show itself
    without them, the problems beside its form.
    """

    def __init__(self, problems, *, names=()):
        super().__init__(problems)
        self.problems = list(problems)
        self.names = set(names)


@dataclass
class CanonicalQuery:
    """A list's GET parameters, cleaned into one stable form, or the problems found in them.

    ``params`` holds every parameter the list knows, in canonical order, with an empty list for
    those absent: passed first to ``{% querystring %}``, it keeps links in that order too.
    """

    params: dict[str, list[str]]
    problems: list[str] = field(default_factory=list)
    faulty: set[str] = field(default_factory=set)  # the parameters the problems are about

    @classmethod
    def parse(cls, query: QueryDict, *, filterset_class, exclude=()) -> CanonicalQuery:
        known = [*filterset_class.base_filters, *filterset_class.extra_parameters]
        names = [n for n in known if n not in exclude]
        params: dict[str, list[str]] = {}
        problems: list[str] = []
        faulty: set[str] = set()
        for name in names:
            declared = filterset_class.base_filters.get(name)  # None: ``page``
            before = len(problems)
            values = []
            for raw in query.getlist(name):
                value = raw.strip()
                if name == "q":
                    # Anything may be searched: control characters become spaces and long
                    # queries are cut, rather than refused.
                    value = textsearch.clean(value)
                elif len(value) > MAX_LENGTH:
                    problems.append(
                        _("The value of “%(name)s” is too long (over %(max)d characters).")
                        % {"name": name, "max": MAX_LENGTH}
                    )
                    value = ""
                elif any(ord(c) < 32 or ord(c) == 127 for c in value):
                    problems.append(
                        _("The value of “%(name)s” contains control characters.") % {"name": name}
                    )
                    value = ""
                if declared is not None:
                    value = normalise_case(declared, value)
                if value and value not in values and value not in cls.defaults(name, params):
                    values.append(value)
            if declared is not None and is_repeatable(declared):
                if len(values) > MAX_VALUES:
                    problems.append(
                        _("“%(name)s” is repeated more than %(max)d times.")
                        % {"name": name, "max": MAX_VALUES}
                    )
                values.sort()
            elif len(values) > 1:
                problems.append(
                    _("“%(name)s” is given several different values (%(values)s); give one.")
                    % {"name": name, "values": ", ".join(values[:5])}
                )
            params[name] = values
            if len(problems) > before:
                faulty.add(name)
        return cls(params=params, problems=problems, faulty=faulty)

    @staticmethod
    def defaults(name: str, params: dict) -> set[str]:
        """Values that say nothing (so links leave them out): the default order, page 1.

        The default order is relevance when words are searched, the newest first otherwise
        (where relevance means nothing).
        """
        if name == "sort":
            return {RELEVANCE} if params.get("q") else {RELEVANCE, DEFAULT_SORT}
        return {DEFAULTS[name]} if name in DEFAULTS else set()

    def querydict(self, **preset) -> QueryDict:
        data = QueryDict(mutable=True)
        for name, values in {**self.params, **preset}.items():
            data.setlist(name, values)
        return data

    def urlencode(self) -> str:
        return self.querydict().urlencode()

    @property
    def page(self) -> str:
        return (self.params.get("page") or ["1"])[0]

    @property
    def search(self) -> str:
        return (self.params.get("q") or [""])[0]


def page_of(paginator, number: str):
    """The page a URL asks for, or ``BadQuery`` saying why there is no such page."""
    if not re.fullmatch(r"[0-9]{1,9}", number) or int(number) < 1:
        raise BadQuery([_("“%(page)s” is not a page number.") % {"page": number}], names=["page"])
    if int(number) > paginator.num_pages:
        raise BadQuery(
            [
                ngettext(
                    "There is no page %(page)s: this list has only one page.",
                    "There is no page %(page)s: this list has %(count)d pages.",
                    paginator.num_pages,
                )
                % {"page": number, "count": paginator.num_pages}
            ],
            names=["page"],
        )
    return paginator.page(int(number))


def page_or_last(paginator, number: str):
    """``(page, notice)``: the page a list's URL asks for; past the end (an old link to a list
    that has shrunk), the last page and a sentence saying so."""
    if re.fullmatch(r"[0-9]{1,9}", number) and int(number) > paginator.num_pages:
        notice = ngettext(
            "There is no page %(page)s: this list has only one page, shown here.",
            "There is no page %(page)s: this list has %(count)d pages; here is the last one.",
            paginator.num_pages,
        ) % {"page": number, "count": paginator.num_pages}
        return paginator.page(paginator.num_pages), notice
    return page_of(paginator, number), None


def form_problems(form) -> list[str]:
    """A form's errors as sentences naming the field."""
    problems = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        for error in errors:
            problems.append(f"{label} : {error}" if label else str(error))
    return problems


def apply_filters(
    filterset_class, data: QueryDict, *, queryset, preset=None, allowed=None, request=None
):
    """Clean ``data`` into its canonical form and apply it: ``(query, filterset)``.

    Raises ``BadQuery`` with every problem found. ``allowed`` (for machine clients) names
    parameters accepted besides the filters; any other one is then a problem, since a typo
    there would silently return everything.
    """
    preset = preset or {}
    query = CanonicalQuery.parse(data, filterset_class=filterset_class, exclude=preset)
    problems, faulty = list(query.problems), set(query.faulty)
    if allowed is not None:
        known = {*filterset_class.base_filters, *filterset_class.extra_parameters, *allowed}
        unknown = sorted(name for name in set(data) - known if not is_tracking(name))
        if unknown:
            problems.append(
                _("Unknown parameter: %(names)s. Known parameters: %(known)s.")
                % {"names": ", ".join(unknown), "known": ", ".join(sorted(known))}
            )
            faulty.update(unknown)
    if problems:
        raise BadQuery(problems, names=faulty)
    filterset = filterset_class(data=query.querydict(**preset), queryset=queryset, request=request)
    if not filterset.is_valid():
        names = set(filterset.form.errors) - {NON_FIELD_ERRORS}
        if NON_FIELD_ERRORS in filterset.form.errors:
            names |= set(getattr(filterset.form, "checked_together", ()))
        raise BadQuery(form_problems(filterset.form), names=names)
    return query, filterset
