"""Diary test helpers on top of tests/factories.py."""

from decimal import Decimal

from foods.models import Method, VitaminKValue
from tests.factories import make_food, make_source


def make_kale():
    """Kale with K1 only (SR28-like figures; a test fixture, not a claim)."""
    return make_food("Kale, raw", values={"k1": "389.6"}, portions=[("cup, chopped", 67)])


def make_supplement(owner=None, name="Vitamin K2 capsule", mk7="100"):
    food = make_food(name, dose_unit="capsule", owner=owner)
    VitaminKValue.objects.create(
        food=food,
        form="mk7",
        amount_ug=Decimal(mk7),
        source=make_source(key="label", name="Label", citation="Product label"),
        method=Method.LABEL,
    )
    return food


def hx(target):
    """Headers of an htmx request aimed at a fragment."""
    return {"HX-Request": "true", "HX-Target": target}
