"""Which section of a guide explains which page: guide → {URL name → the section's anchor}.

The "Hướng dẫn" link in the header opens the signed-in user's own guide at the section for
the page they are on; a page its guide does not explain opens the guide at the top. The one
place to change when a guide gains or loses a section (``tests/test_guides.py`` checks that
every anchor named here exists in its guide)."""

from __future__ import annotations

SECTIONS: dict[str, dict[str, str]] = {
    "admin": {
        "home": "work", "audit_log": "audit",
    },
    "officer": {
        "home": "work", "facilities:review": "review", "facilities:report_review": "review",
        "facilities:list": "facilities", "facilities:detail": "facilities",
        "facilities:create": "facilities", "facilities:edit": "facilities",
        "facilities:completeness": "reminders", "facilities:reminders": "reminders",
        "plans:budget_year": "budget", "plans:budget_current": "budget",
        "plans:estimates": "budget",
        "indicators:dashboard": "indicators", "indicators:facilities": "indicators",
        "portal:edit_list": "portal", "portal:create": "portal", "portal:edit": "portal",
    },
    "consultant": {
        "home": "work", "assessments:list": "assessments", "assessments:detail": "assessments",
        "assessments:create": "assessments", "assessments:option_edit": "options",
        "assessments:options_upload": "options",
        "plans:progress": "progress", "plans:task_report": "progress",
        "plans:estimates": "estimates",
    },
    "finance": {
        "home": "work", "plans:budget_year": "appraise", "plans:budget_current": "appraise",
        "plans:check": "check",
    },
    "partner": {
        "home": "work", "plans:progress": "progress", "plans:task_report": "progress",
        "plans:estimates": "estimates",
    },
    "local": {
        "home": "work", "facilities:list": "facilities", "facilities:detail": "facilities",
        "facilities:create": "facilities", "facilities:edit": "facilities",
        "facilities:report": "report", "facilities:upload": "report",
        "facilities:completeness": "reminders", "facilities:reminders": "reminders",
        "activities:network": "local-report", "activities:local_report": "local-report",
    },
    "enterprise": {
        "home": "work", "facilities:detail": "facility", "facilities:list": "facility",
        "facilities:report": "report", "facilities:upload": "upload",
    },
    "viewer": {
        "home": "work", "indicators:dashboard": "indicators",
        "indicators:facilities": "indicators", "plans:budget_year": "budget",
        "plans:budget_current": "budget", "facilities:completeness": "completeness",
    },
    "ministry": {
        "home": "work", "indicators:provinces": "provinces", "indicators:province": "province",
        "national:list": "packages", "national:detail": "packages", "national:year": "packages",
    },
    "visitor": {
        "welcome": "portal", "portal:articles": "portal", "portal:article": "portal",
        "portal:search": "portal", "portal:documents": "library", "portal:document": "library",
        "portal:case_studies": "library", "portal:solutions": "library",
        "indicators:public": "indicators", "plans:list": "plan", "plans:detail": "plan",
    },
}
