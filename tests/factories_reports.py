"""Factories for the week, trend and export tests."""

from tests.factories import make_food


def make_natto_food():
    """Natto with the shipped catalogue's values (SR28 K1 23.1, Kamao 2007 MK-7 939 µg/100 g).

    Not tests.factories.make_natto(): that one takes NDB 16113, which collides with the real
    natto once a session-scoped `catalogue` fixture has loaded the catalogue.
    """
    return make_food("Natto", values={"k1": "23.1", "mk7": 939}, portions=[("cup", 175)])
