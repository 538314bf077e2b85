"""Helpers for the catalogue page, admin and search tests."""

import pytest
from django.db import connection

from foods.models import Food, Portion, VitaminKValue


@pytest.fixture
def empty_catalogue(db):
    """No foods at the start of the test, even after the session `catalogue` fixture loaded one.

    The session catalogue stays in the database for the rest of the run (it is loaded outside
    the test transactions), and its Natto has the NDB number make_natto() uses. The DELETEs run
    inside the test's transaction, so the rollback brings the catalogue back afterwards.
    """
    with connection.cursor() as cursor:
        for model in (VitaminKValue, Portion, Food):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
