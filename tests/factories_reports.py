"""Factories for the week, trend and export tests."""

import datetime

from tests.factories import make_food

# The report and export tests' "now" (the fixed_now fixture): a Wednesday, in week 2026-W48.
NOW = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC)


def make_natto_food():
    """Natto with the shipped catalogue's values (SR28 K1 23.1, Kamao 2007 MK-7 939 µg/100 g).

    Not tests.factories.make_natto(): that one takes NDB 16113, which collides with the real
    natto once a session-scoped `catalogue` fixture has loaded the catalogue.
    """
    return make_food("Natto", values={"k1": "23.1", "mk7": 939}, portions=[("cup", 175)])
