"""Reference data, agencies and unit successions are public: every role reads all of it."""

import pytest
from django.contrib.auth.models import AnonymousUser

from sxsh.core.models import AdminUnit, AdminUnitSuccession, Agency, User, VsicDivision
from sxsh.core.scoping import PublicQuerySet, Role

pytestmark = pytest.mark.django_db

PUBLIC_MODELS = [Agency, AdminUnitSuccession, AdminUnit, VsicDivision]


@pytest.mark.parametrize("model", PUBLIC_MODELS, ids=lambda m: m.__name__)
def test_every_role_and_an_anonymous_visitor_read_every_row(reference, model):
    everything = set(model.objects.values_list("pk", flat=True))
    assert everything, "the reference data has rows of this model"
    readers = [AnonymousUser(), None] + [
        User.objects.create(username=f"u-{role}", role=role) for role in Role]
    for reader in readers:
        assert set(model.objects.for_user(reader).values_list("pk", flat=True)) == everything, \
            getattr(reader, "role", reader)


def test_an_inactive_account_reads_what_the_public_reads(reference):
    gone = User.objects.create(username="gone", role=Role.ENTERPRISE, is_active=False)
    assert Agency.objects.for_user(gone).count() == Agency.objects.count()


def test_every_role_has_its_scope_on_a_public_queryset():
    # A role added later without a scope here would see nothing of the public data.
    for role in Role:
        if role != Role.ADMIN:
            assert hasattr(PublicQuerySet, f"scope_{role}"), role


def test_the_models_that_publish_everything_share_the_one_public_queryset():
    from sxsh.core.models import AdminUnitQuerySet
    from sxsh.plans.models import Plan, PlanPartQuerySet, Target

    for model in (Agency, AdminUnitSuccession, VsicDivision, Plan, Target):
        assert isinstance(model.objects.all(), PublicQuerySet), model
    assert issubclass(AdminUnitQuerySet, PublicQuerySet)
    assert issubclass(PlanPartQuerySet, PublicQuerySet)
