"""The 50-user mixed load of bench/pages.py, for locust (its own process: importing locust
beside Django crashes, so this file imports nothing of the project).

    locust -f bench/load.py --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:PORT

Anonymous visitors read the open indicators and the public CP section; signed-in officers
(the session cookie in ``SXSH_BENCH_SESSION``, made by bench/pages.py) read the dashboard,
its drill-down list and the public page. Each user waits 1–3 s between pages.
"""

from __future__ import annotations

import os

from locust import HttpUser, between, task

YEAR = os.environ.get("SXSH_BENCH_YEAR", "2020")


class Visitor(HttpUser):
    weight = 3
    wait_time = between(1, 3)

    @task(4)
    def open_indicators(self):
        self.client.get(f"/indicators/public/?year={YEAR}", name="public indicators")

    @task(3)
    def portal_home(self):
        self.client.get("/", name="portal home")

    @task(2)
    def library(self):
        self.client.get("/library/", name="library")

    @task(1)
    def search(self):
        self.client.get("/search/?q=san+xuat+sach+hon", name="search")

    @task(1)
    def trivial(self):
        self.client.get("/bench/trivial/", name="trivial")


class Officer(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        self.client.cookies.set("sessionid", os.environ["SXSH_BENCH_SESSION"])

    @task(4)
    def dashboard(self):
        self.client.get(f"/indicators/?year={YEAR}", name="dashboard")

    @task(1)
    def drilldown(self):
        self.client.get(f"/indicators/I3/numerator/?year={YEAR}", name="drill-down list")

    @task(1)
    def open_indicators(self):
        self.client.get(f"/indicators/public/?year={YEAR}", name="public indicators")
