"""The steady-intake mode's models: the database refuses what the forms refuse, and reads
start from a user."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from diary.models import AnticoagulationProfile, DoseChange, InrResult
from tests.factories import VKA_DAY, make_dose, make_inr, make_user, make_vka_profile

pytestmark = pytest.mark.django_db


def test_the_profile_defaults_to_the_usual_range_and_one_per_person():
    user = make_user()
    profile = make_vka_profile(user)
    assert (profile.inr_low, profile.inr_high) == (Decimal("2.0"), Decimal("3.0"))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_vka_profile(user)


@pytest.mark.parametrize(
    ("low", "high"), [("3.0", "2.0"), ("2.5", "2.5"), ("0.4", "2.0"), ("2.0", "15.5")]
)
def test_the_database_refuses_a_range_upside_down_or_out_of_bounds(low, high):
    user = make_user()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_vka_profile(user, inr_low=Decimal(low), inr_high=Decimal(high))
    assert not AnticoagulationProfile.objects.exists()


@pytest.mark.parametrize("value", ["0.49", "15.01", "0"])
def test_an_inr_outside_0_5_to_15_is_refused_by_the_database(value):
    user = make_user()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_inr(user, VKA_DAY, value)
    assert not InrResult.objects.exists()


def test_an_inr_with_three_decimals_fails_validation_with_one_message():
    inr = InrResult(user=make_user(), day=VKA_DAY, value=Decimal("2.455"), measured_at="lab")
    with pytest.raises(ValidationError) as error:
        inr.full_clean()
    assert len(error.value.message_dict["value"]) == 1


@pytest.mark.parametrize(("mg", "schedule"), [(None, ""), ("5", "5 mg Mon–Fri")])
def test_a_dose_change_has_mg_or_a_schedule_not_both_nor_neither(mg, schedule):
    user = make_user()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_dose(user, VKA_DAY, mg=mg, schedule=schedule)
    assert not DoseChange.objects.exists()


def test_a_zero_dose_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_dose(make_user(), VKA_DAY, mg="0")


def test_reads_from_one_user_never_see_another_users_rows():
    alice, bob = make_user(), make_user()
    make_inr(alice, VKA_DAY, "2.4")
    make_dose(alice, VKA_DAY, mg="5")
    make_inr(bob, VKA_DAY, "3.1")
    assert [r.value for r in InrResult.objects.for_user(alice)] == [Decimal("2.40")]
    assert DoseChange.objects.for_user(bob).count() == 0
    assert [r.value for r in InrResult.objects.for_user(bob).between(VKA_DAY, VKA_DAY)] == [
        Decimal("3.10")
    ]


def test_deleting_a_user_deletes_their_records():
    alice = make_user()
    make_vka_profile(alice)
    make_inr(alice, VKA_DAY, "2.4")
    alice.delete()
    assert not InrResult.objects.exists()
    assert not AnticoagulationProfile.objects.exists()
