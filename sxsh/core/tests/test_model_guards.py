"""Every model of ours is read through ``for_user`` and audited, or says here why not."""

from __future__ import annotations

import pytest
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.auth.models import Permission
from django.db import models

from sxsh.core.audit import register
from sxsh.core.scoping import ScopedQuerySet
from sxsh.facilities.models import ImportBatch

#: Models of ours whose default manager is not a ScopedQuerySet, with the reason.
NOT_SCOPED = {
    "core.User": "Django's authentication reads accounts through UserManager "
                 "(get_by_natural_key, create_user) before anyone is signed in; accounts "
                 "are kept in the administrators' pages.",
}
#: Models of ours that are not registered with auditlog, with the reason.
NOT_AUDITED: dict[str, str] = {
    "core.AuditAction": "It is the audit trail itself (written only by log_action, never "
                        "changed); auditing it would log every entry twice.",
}


def our_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m._meta.app_config.name.startswith("sxsh.")]


def unguarded(candidates) -> list[str]:
    """What is wrong with each model: an unscoped default manager, no audit registration."""
    problems = []
    for model in candidates:
        label = model._meta.label
        queryset = getattr(model._default_manager, "_queryset_class", models.QuerySet)
        if not issubclass(queryset, ScopedQuerySet) and label not in NOT_SCOPED:
            problems.append(f"{label}: its default manager is not a ScopedQuerySet manager")
        if not auditlog.contains(model) and label not in NOT_AUDITED:
            problems.append(f"{label}: not registered with auditlog")
    return problems


def test_every_model_of_ours_is_scoped_and_audited():
    # the walk really finds the models of our apps, and only of ours
    assert {m._meta.app_label for m in our_models()} >= {"core", "facilities", "plans"}
    assert "auth.Group" not in {m._meta.label for m in our_models()}
    assert unguarded(our_models()) == []


def test_the_allow_lists_name_only_models_that_exist_and_need_it():
    labels = {m._meta.label: m for m in our_models()}
    for label in NOT_SCOPED:
        queryset = getattr(labels[label]._default_manager, "_queryset_class", models.QuerySet)
        assert not issubclass(queryset, ScopedQuerySet), f"{label} is scoped: drop it"
    for label in NOT_AUDITED:
        assert not auditlog.contains(labels[label]), f"{label} is audited: drop it"


def test_it_names_a_model_with_a_plain_manager_that_is_not_audited():
    # Groups are audited (who may do what in the administration); permissions, the fixed
    # list Django makes from the models, are not.
    assert unguarded([Permission]) == [
        "auth.Permission: its default manager is not a ScopedQuerySet manager",
        "auth.Permission: not registered with auditlog",
    ]


@pytest.fixture
def import_batch_unaudited():
    auditlog.unregister(ImportBatch)
    yield
    register(ImportBatch)  # as FacilitiesConfig.ready does, without options


def test_it_fails_when_a_model_is_taken_out_of_the_audit(import_batch_unaudited):
    assert unguarded(our_models()) == ["facilities.ImportBatch: not registered with auditlog"]
