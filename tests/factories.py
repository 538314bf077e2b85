"""Small plain factories, the one module of them: each test builds exactly the rows it needs."""

import datetime
from decimal import Decimal
from itertools import count

from django.contrib.auth import get_user_model

from diary.models import AnticoagulationProfile, DoseChange, Entry, InrResult, Meal, Profile
from foods.models import Food, FoodGroup, Method, Portion, Source, VitaminKValue
from foods.services import food_figures_refresh

# The report and export tests' "now" (the fixed_now fixture): a Wednesday, in week 2026-W48.
NOW = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC)

_serial = count(1)


def make_user(username=None, password="correct-horse-battery", **profile_fields):
    username = username or f"user{next(_serial)}"
    user = get_user_model().objects.create_user(username=username, password=password)
    if profile_fields:  # the profile itself is created with the user
        Profile.objects.filter(user=user).update(**profile_fields)
    return user


def day_begun(client):
    """Answer the signed-in client's first request of the person's local day, which also fills
    in their automatic doses (diary/routines/middleware.py: their query, and the session's note
    written). A query budget counts the requests after it, as on every page a person opens that
    day but the first; tests/integration/test_routines.py counts what the first one adds."""
    assert client.get("/routines/").status_code == 200


def make_source(key="usda-sr28", name="USDA SR28", citation="USDA SR28 (2016)"):
    source, _ = Source.objects.get_or_create(key=key, defaults={"name": name, "citation": citation})
    return source


def make_group(code="1600", name="Legumes and Legume Products"):
    group, _ = FoodGroup.objects.get_or_create(code=code, defaults={"name": name})
    return group


def make_food(name="Test food", values=None, portions=(), group=None, source=None, **fields):
    """values: {form: µg per 100 g}; portions: [(description, grams), ...]."""
    food = Food.objects.create(name=name, group=group or make_group(), **fields)
    source = source or make_source()
    for form, amount in (values or {}).items():
        VitaminKValue.objects.create(
            food=food,
            form=form,
            amount_ug=Decimal(str(amount)),
            source=source,
            method=Method.ANALYTICAL,
        )
    for seq, (description, grams) in enumerate(portions, start=1):
        Portion.objects.create(
            food=food, seq=seq, description=description, grams=Decimal(str(grams))
        )
    food_figures_refresh([food.pk])  # as every catalogue write does
    return food


def make_natto():
    """Natto as the shipped catalogue has it: SR28 K1 (imputed) and Kamao 2007 MK-7."""
    food = make_food("Natto", ndb_no="16113", portions=[("cup", 175)])
    VitaminKValue.objects.create(
        food=food,
        form="k1",
        amount_ug=Decimal("23.1"),
        source=make_source(),
        method=Method.IMPUTED,
        method_detail="Calculated or imputed",
    )
    kamao = make_source(
        key="kamao-2007",
        name="Kamao et al. 2007",
        citation="Kamao M, Suhara Y, Tsugawa N, et al. 2007, J Nutr Sci Vitaminol 53(6):464-470",
    )
    VitaminKValue.objects.create(
        food=food, form="mk7", amount_ug=Decimal("939"), source=kamao, method=Method.ANALYTICAL
    )
    food_figures_refresh([food.pk])
    return food


def make_entry(user, food, grams=100, day=None, meal=Meal.BREAKFAST, **fields):
    return Entry.objects.create(
        user=user,
        food=food,
        day=day or datetime.date(2026, 11, 23),
        meal=meal,
        quantity=Decimal(str(grams)),
        grams=Decimal(str(grams)),
        **fields,
    )


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
    food_figures_refresh([food.pk])
    return food


def hx(target):
    """Headers of an htmx request aimed at a fragment."""
    return {"HX-Request": "true", "HX-Target": target}


# --- the steady-intake (vitamin K antagonist) mode -----------------------------------------


def make_vka_profile(user, **fields):
    """Turn the steady-intake mode on for `user` (warfarin, clinic range 2.0–3.0)."""
    fields.setdefault("vka", "warfarin")
    # As turning the mode on does (diary.anticoagulation.services): the flag follows the mode.
    user.profile.takes_vka = True
    user.profile.save(update_fields=["takes_vka"])
    return AnticoagulationProfile.objects.create(user=user, **fields)


def make_inr(user, day, value, measured_at="clinic", **fields):
    return InrResult.objects.create(
        user=user, day=day, value=Decimal(str(value)), measured_at=measured_at, **fields
    )


def make_dose(user, day, mg=None, schedule="", **fields):
    return DoseChange.objects.create(
        user=user,
        day=day,
        mg_per_day=None if mg is None else Decimal(str(mg)),
        weekly_schedule=schedule,
        **fields,
    )


VKA_DAY = datetime.date(2026, 11, 25)  # the Wednesday of NOW


def make_steady_days(user, last, count=10, big_day=None):
    """`count` logged days ending on `last`: kale of 18–22 g a day (about 70–86 µg K1), and on
    `big_day` 200 g of spinach besides (about 966 µg K1): a day far above usual."""
    kale = make_food("Kale, raw", values={"k1": "389.6"})
    spinach = make_food("Spinach, raw", values={"k1": "482.9"})
    for i in range(count):
        day = last - datetime.timedelta(days=count - 1 - i)
        make_entry(user, kale, grams=18 + i % 5, day=day)
        if day == big_day:
            make_entry(user, spinach, grams=200, day=day)
    return kale, spinach
