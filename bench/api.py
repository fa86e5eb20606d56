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

Rows without a figure are measured by the other branch's part of issue 16 (facilities,
reports, the 1 000-report bulk submit) once it is merged: they are printed as "—".
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
#: Measured by the other branch of issue 16 after the merge: a slot, not a figure.
LATER = ["facilities list (`/api/v1/facilities/`)",
         "bulk submit of 1 000 reports (`/api/v1/reports/bulk/`)"]


def _cold(fn):
    from django.core.cache import cache

    def run():
        cache.clear()
        return fn()

    return run


def cases(officer) -> list[tuple[str, str, object, object]]:
    """(name, address, the client that asks, the direct read) of each measured endpoint."""
    from django.test import Client

    from sxsh.api.plans import PlanDetailSerializer, plan_appendices
    from sxsh.facilities.models import Facility
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

    return [
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
    for name in LATER:
        print(f"| {backend} | {n:,} | {name} | — | — | — | — |", flush=True)


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
