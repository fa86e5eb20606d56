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
