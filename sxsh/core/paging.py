"""What every paginated list shares: the filters a page link keeps."""

from __future__ import annotations

from django.http import QueryDict

#: Parameters that are not filters: the page itself and the export format of a list.
NOT_FILTERS = ("page", "format")


def filter_query(params: QueryDict) -> str:
    """The filters of a request as a query string, for links to other pages and exports."""
    query = params.copy()
    for key in NOT_FILTERS:
        query.pop(key, None)
    return query.urlencode()


#: The parameter that names the column a list is sorted by (``name``, or ``-name`` for
#: descending).
SORT = "sort"


def sort_order(params: QueryDict, columns: dict[str, tuple[str, ...]],
               default: str) -> tuple[str, list[str]]:
    """The sort a list was asked for (an unknown one gives ``default``) and its ORDER BY:
    ``columns`` maps each sortable column to the fields it orders by (the last ones break
    ties, so that pages do not overlap)."""
    asked = params.get(SORT, "")
    if asked.lstrip("-") not in columns:
        asked = default
    fields = columns[asked.lstrip("-")]
    if not asked.startswith("-"):
        return asked, list(fields)
    return asked, [f[1:] if f.startswith("-") else f"-{f}" for f in fields]
