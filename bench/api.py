"""Benchmark of the API's reads: each beside the same work through the selectors in-process.

    .venv/bin/python bench/api.py                                  # SQLite, 10,000 facilities
    DATABASE_URL=postgres://… .venv/bin/python bench/api.py --backend postgres
    .venv/bin/python bench/api.py --facilities 1000

Generates the data of bench/pages.py (facilities with five years of reports, the seed plan
2016–2020, the demo users) in a database of its own, then measures, best of five, each
request through Django's test client (the whole stack: middleware, authentication,
permission, serialisation, JSON) and the same reads called directly (the selectors and the
engine the endpoint calls, and the same JSON built in memory). The cache is emptied before
each run of both sides, so that no figure is served from a kept one. The ratio is the
request's time ÷ the direct time: what the API adds.

The bulk submit of 1 000 reports (``POST /api/v1/reports/bulk/``, as the administrator, for
a year with no report yet) is measured beside the upload's import of the same reports
in-process (``import_reports`` on the CSV the endpoint builds): each run in a transaction
rolled back after it, so that every run writes the same 1 000 new reports.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import indicators as common  # noqa: E402  (bench/indicators.py)
import pages as page_bench  # noqa: E402  (bench/pages.py: the data)

YEAR = 2020
PLAN = "157-kh-ubnd-2016"
#: The bulk submission's year: after the data's five years, so every report is new.
BULK_YEAR = 2021
BULK_REPORTS = 1000


def _cold(fn):
    from django.core.cache import cache

    def run():
        cache.clear()
        return fn()

    return run


def cases(officer) -> list[tuple[str, str, object, object]]:
    """(name, address, the client that asks, the direct read) of each measured endpoint."""
    from django.test import Client

    from sxsh.api.facilities import FacilitySerializer
    from sxsh.api.plans import PlanDetailSerializer, plan_appendices
    from sxsh.facilities.models import Facility
    from sxsh.facilities.selectors import facility_list
    from sxsh.indicators.cards import board_json
    from sxsh.indicators.engine import Scope, board
    from sxsh.plans.models import Plan

    signed_in = Client()
    signed_in.force_login(officer)

    def dashboard():
        return board_json(board(Scope(base=Facility.objects.for_user(officer)), YEAR,
                                series=False))

    def public():
        return board_json(board(Scope(base=Facility.objects.all()), YEAR, series=False),
                          public=True)

    def plan():
        return PlanDetailSerializer(plan_appendices(Plan.objects.get(code=PLAN))).data

    def facilities():
        listed = facility_list(user=officer).order_by("pk")  # what the endpoint lists
        return {"count": listed.count(),
                "results": FacilitySerializer(listed[:50], many=True).data}

    return [
        ("facilities list, first page (officer)", "/api/v1/facilities/?ordering=id",
         signed_in, facilities),
        ("indicators (officer)", f"/api/v1/indicators/?year={YEAR}", signed_in, dashboard),
        ("open indicators (anonymous)", f"/api/v1/indicators/public/?year={YEAR}", Client(),
         public),
        ("plan with its appendices", f"/api/v1/plans/{PLAN}/", Client(), plan),
    ]


def run(backend: str, n: int, seed: int) -> None:
    from sxsh.core.models import User

    page_bench.prepare(n, seed)
    officer = User.objects.get(username="canbo")
    ms = lambda s: f"{s * 1000:,.1f} ms"  # noqa: E731
    for name, url, client, direct in cases(officer):
        def ask(client=client, url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response.json()

        api_s, answer = common.best_of(_cold(ask))
        direct_s, _ = common.best_of(_cold(direct))
        load = os.getloadavg()[0]
        print(f"| {backend} | {n:,} | {name} | {ms(api_s)} | {ms(direct_s)} "
              f"| {api_s / direct_s:.2f}× | {load:.1f} |", flush=True)
    bulk(backend, n)


def _rolled_back(fn):
    from django.db import transaction

    def run():
        with transaction.atomic():
            answer = fn()
            transaction.set_rollback(True)
        return answer

    return run


def bulk(backend: str, n: int) -> None:
    """The 1 000-report bulk submit beside the upload's import of the same reports."""
    import io

    from django.test import Client

    from sxsh.api.reports import bulk_csv
    from sxsh.core.models import User
    from sxsh.facilities.interchange.reports_import import import_reports
    from sxsh.facilities.models import Facility

    admin = User.objects.get(username="admin")
    items = [{"tax_code": tax_code, "year": BULK_YEAR, "aware": True, "product_unit": "tấn",
              "production": 1000, "water_m3": "5000",
              # the figures jump from the year before: the warning is explained
              "quality_comment": "Số liệu đo kiểm của bộ thử (benchmark)."}
             for tax_code in Facility.objects.open_in(BULK_YEAR).order_by("pk")
             .values_list("tax_code", flat=True)[:BULK_REPORTS]]
    client = Client()
    client.force_login(admin)

    def ask():
        response = client.post("/api/v1/reports/bulk/", items, content_type="application/json")
        assert response.status_code == 200, response.content[:500]
        return response.json()

    def direct():
        content = bulk_csv(items)
        result = import_reports(lambda: io.BytesIO(content), file_name="api.csv", user=admin,
                                as_upload=True)
        assert not result.errors, result.errors[:3]
        return result

    api_s, answer = common.best_of(_rolled_back(ask))
    direct_s, _ = common.best_of(_rolled_back(direct))
    ms = lambda s: f"{s * 1000:,.1f} ms"  # noqa: E731
    print(f"| {backend} | {n:,} | bulk submit of {len(items):,} reports "
          f"(`/api/v1/reports/bulk/`, {answer['created']:,} created) | {ms(api_s)} "
          f"| {ms(direct_s)} | {api_s / direct_s:.2f}× | {os.getloadavg()[0]:.1f} |",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facilities", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    os.environ.update(SXSH_SSL_REDIRECT="0", SXSH_SECURE_COOKIES="0",
                      SXSH_ALLOWED_HOSTS="127.0.0.1,localhost,testserver")
    print("| database | facilities | read | API (test client) | selectors in-process "
          "| API ÷ in-process | load |")
    print("|---|---:|---|---:|---:|---:|---:|", flush=True)
    page_bench.in_own_database(args.backend,
                               lambda name: run(name, args.facilities, args.seed))

if __name__ == "__main__":
    main()
