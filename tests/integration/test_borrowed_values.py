"""Borrowed values (fixtures/borrowed-values.csv, foods/importers/borrowed.py) on a small
catalogue: what the import fills, what it leaves alone, and bad lines that change nothing."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from foods.importers.base import ImportFileError, Log, sync_values
from foods.importers.borrowed import HEADER, import_borrowed
from foods.models import Food, Method, VitaminKValue
from tests.factories import make_food, make_source
from tests.importer_files import snapshot
from tests.integration.test_food_admin import add_value_row, change_url, form_data

pytestmark = pytest.mark.django_db

GOUDA_LINE = (
    'sr28:01022,"Cheese, gouda",lit:nevo-2023:Cheese Gouda 48+ av,Cheese Gouda 48+ av,k2,'
    '"same food, Dutch sample (NEVO)"'
)


@pytest.fixture
def foods(db):
    nevo = make_source(key="nevo-2023", name="NEVO 2023/8.0 (RIVM)", citation="RIVM, NEVO 2023")
    gouda = make_food("Cheese, gouda", values={"k1": "2.3"}, catalogue_key="sr28:01022")
    donor = make_food(
        "Cheese Gouda 48+ av",
        values={"k1": "4", "k2": "64.5"},
        source=nevo,
        catalogue_key="lit:nevo-2023:Cheese Gouda 48+ av",
    )
    return gouda, donor


def mapping(tmp_path, *lines):
    path = tmp_path / "borrowed-values.csv"
    path.write_text("\n".join([",".join(HEADER), *lines]) + "\n", encoding="utf-8")
    return path


def run(path):
    out = io.StringIO()
    import_borrowed(path, Log(out.write, verbosity=2))
    return out.getvalue()


def test_a_clean_import_borrows_the_donor_value_with_its_source_and_reason(foods, tmp_path):
    gouda, donor = foods
    output = run(mapping(tmp_path, GOUDA_LINE))
    borrowed = VitaminKValue.objects.get(food=gouda, form="k2")
    given = VitaminKValue.objects.get(food=donor, form="k2")
    assert borrowed.amount_ug == Decimal("64.5")
    assert borrowed.source == given.source and borrowed.method == Method.BORROWED
    assert borrowed.borrowed_from == given
    assert borrowed.borrow_reason == "same food, Dutch sample (NEVO)"
    # K1 was measured for the SR28 food: only the K2 it lacks is borrowed
    assert VitaminKValue.objects.get(food=gouda, form="k1").amount_ug == Decimal("2.3")
    assert "Borrowed values: 1 created, 0 updated, 0 unchanged" in output
    assert "Cheese, gouda ← Cheese Gouda 48+ av: K2, form not reported 64.5 µg" in output
    gouda.refresh_from_db()
    assert gouda.k2_per_100g == Decimal("64.5")  # the stored ranking figure follows


def test_a_second_run_changes_nothing(foods, tmp_path):
    path = mapping(tmp_path, GOUDA_LINE)
    run(path)
    before = snapshot()
    assert "Borrowed values: 0 created, 0 updated, 1 unchanged" in run(path)
    assert snapshot() == before


def test_a_measured_value_is_never_overwritten(foods, tmp_path):
    gouda, _ = foods
    VitaminKValue.objects.create(
        food=gouda, form="k2", amount_ug=Decimal("50"), source=make_source(), method="analytical"
    )
    output = run(mapping(tmp_path, GOUDA_LINE))
    value = VitaminKValue.objects.get(food=gouda, form="k2")
    assert value.amount_ug == Decimal("50") and value.borrowed_from is None
    assert "Borrowed values: 0 created, 0 updated, 0 unchanged" in output
    assert "1 measured values kept" in output


def test_a_measured_value_from_an_importer_replaces_the_borrowed_one(foods, tmp_path):
    gouda, _ = foods
    run(mapping(tmp_path, GOUDA_LINE))
    source = make_source()
    existing = {(v.food_id, v.form): v for v in VitaminKValue.objects.filter(food=gouda)}
    desired = {
        (gouda.pk, form): {
            "food_id": gouda.pk,
            "form": form,
            "amount_ug": Decimal(amount),
            "source_id": source.pk,
            "method": Method.ANALYTICAL,
            "method_detail": "",
            "reference": "",
            "data_points": None,
            "note": "",
        }
        for form, amount in (("k1", "2.3"), ("k2", "40"))
    }
    sync_values(desired, existing, reason="test")
    value = VitaminKValue.objects.get(food=gouda, form="k2")
    assert value.amount_ug == Decimal("40") and value.borrowed_from is None
    # and the mapping, run again, keeps the measured value
    assert "1 measured values kept" in run(mapping(tmp_path, GOUDA_LINE))
    assert VitaminKValue.objects.get(food=gouda, form="k2").amount_ug == Decimal("40")


def test_a_line_taken_out_removes_its_borrowed_value(foods, tmp_path):
    gouda, _ = foods
    run(mapping(tmp_path, GOUDA_LINE))
    output = run(mapping(tmp_path))
    assert not VitaminKValue.objects.filter(food=gouda, form="k2").exists()
    assert "Borrowed values: 0 created, 0 updated, 0 unchanged, 1 removed" in output
    gouda.refresh_from_db()
    assert gouda.k2_per_100g is None


def test_deleting_the_donor_value_deletes_the_borrowed_copy(foods, tmp_path):
    gouda, donor = foods
    run(mapping(tmp_path, GOUDA_LINE))
    VitaminKValue.objects.get(food=donor, form="k2").delete()
    assert not VitaminKValue.objects.filter(food=gouda, form="k2").exists()


def test_a_k2_total_is_not_borrowed_beside_a_measured_menaquinone(foods, tmp_path):
    gouda, _ = foods
    VitaminKValue.objects.create(
        food=gouda, form="mk4", amount_ug=Decimal("1"), source=make_source(), method="analytical"
    )
    output = run(mapping(tmp_path, GOUDA_LINE))
    assert not VitaminKValue.objects.filter(food=gouda, form="k2").exists()
    assert "K2, form not reported not borrowed: counted twice" in output


BAD_LINES = [
    (GOUDA_LINE.replace("k2,", "mk99,"), "unknown form 'mk99'"),
    (GOUDA_LINE.replace("k2,", "mk4;k2,"), "'k2' means every K2 form: write it alone"),
    (GOUDA_LINE.replace("k2,", "mk7,"), "has no measured MK-7 value"),
    (GOUDA_LINE.replace('"same food, Dutch sample (NEVO)"', ""), "the reason column is empty"),
    (GOUDA_LINE.replace('"Cheese, gouda"', '"Cheese, edam"'), "is named 'Cheese, gouda'"),
    (GOUDA_LINE.replace("sr28:01022", "sr28:99999"), "food 'sr28:99999' is not in the catalogue"),
    (GOUDA_LINE.replace("lit:nevo-2023:Cheese Gouda 48+ av,", "lit:x:y,"), "donor 'lit:x:y'"),
    ('sr28:01022,"Cheese, gouda",lit:nevo-2023:Cheese Gouda 48+ av', "expected 6 columns"),
]


@pytest.mark.parametrize(("line", "reason"), BAD_LINES)
def test_a_bad_line_stops_the_import_naming_file_line_and_reason(foods, tmp_path, line, reason):
    good = mapping(tmp_path, GOUDA_LINE)
    run(good)
    before = snapshot()
    path = mapping(tmp_path, GOUDA_LINE, line)
    with pytest.raises(ImportFileError) as caught:
        run(path)
    assert str(caught.value).startswith(f"{path}, line 3: ")
    assert reason in str(caught.value)
    assert snapshot() == before


def test_the_same_form_borrowed_twice_is_refused(foods, tmp_path):
    path = mapping(tmp_path, GOUDA_LINE, GOUDA_LINE)
    with pytest.raises(ImportFileError, match=r"line 3: .*already borrowed on line 2"):
        run(path)
    assert not VitaminKValue.objects.filter(borrowed_from__isnull=False).exists()


# --- the admin ----------------------------------------------------------------------------------


@pytest.fixture
def staff(client):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw-ed-1")
    client.force_login(user)
    return user


def test_the_admin_shows_a_borrowed_value_read_only_with_its_donor(client, staff, foods, tmp_path):
    gouda, donor = foods
    run(mapping(tmp_path, GOUDA_LINE))
    page = client.get(change_url(gouda))
    html = page.content.decode()
    assert "Borrowed values" in html and "same food, Dutch sample (NEVO)" in html
    assert reverse("admin:foods_food_change", args=[donor.pk]) in html
    measured = next(
        i.formset for i in page.context["inline_admin_formsets"] if i.formset.prefix == "values"
    )
    assert [form.instance.form for form in measured.forms] == ["k1"]
    borrowed = VitaminKValue.objects.get(food=gouda, form="k2")
    value_page = client.get(reverse("admin:foods_vitaminkvalue_change", args=[borrowed.pk]))
    assert 'name="amount_ug"' not in value_page.content.decode()  # read-only


def test_a_measured_value_entered_in_the_admin_replaces_the_borrowed_one(
    client, staff, foods, tmp_path
):
    gouda, _ = foods
    run(mapping(tmp_path, GOUDA_LINE))
    data = form_data(client.get(change_url(gouda)))
    data["change_reason"] = "Measured in our own lab"
    add_value_row(data, gouda, "k2", "55")
    response = client.post(change_url(gouda), data)
    assert response.status_code == 302, response.context["errors"]
    value = VitaminKValue.objects.get(food=gouda, form="k2")
    assert value.amount_ug == Decimal("55") and value.borrowed_from is None
    assert Food.objects.get(pk=gouda.pk).k2_per_100g == Decimal("55")
    # the mapping keeps it on the next load
    run(mapping(tmp_path, GOUDA_LINE))
    assert VitaminKValue.objects.get(food=gouda, form="k2").amount_ug == Decimal("55")


def test_the_admin_does_not_offer_borrowed_as_a_method(client, staff, foods):
    gouda, _ = foods
    html = client.get(change_url(gouda)).content.decode()
    assert 'value="borrowed"' not in html


def test_the_command_reports_and_refuses_a_bad_file(foods, tmp_path):
    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("import_borrowed", str(mapping(tmp_path, GOUDA_LINE)), stdout=out)
    assert "Borrowed values: 1 created, 0 updated, 0 unchanged" in out.getvalue()
    bad = mapping(tmp_path, GOUDA_LINE.replace("k2,", "mk99,"))
    with pytest.raises(CommandError, match=r"Nothing imported\. .*line 2: unknown form 'mk99'"):
        call_command("import_borrowed", str(bad), stdout=io.StringIO())
