"""The catalogue pages: search, browse and rank, a food's values with sources, about the data."""

from decimal import Decimal

import pytest
from django.urls import reverse

from foods.models import Food, Method, Portion, VitaminKValue
from tests.factories import make_food, make_group, make_natto, make_source, make_user

D = Decimal
LIST = reverse("foods:list")
HX_RESULTS = {"HX-Request": "true", "HX-Target": "food-results"}

pytestmark = pytest.mark.django_db


def names_in(response):
    return [row["food"].name for row in response.context["rows"]]


# --- search -----------------------------------------------------------------------------------


def test_search_box_is_labelled_and_keeps_the_query(client):
    response = client.get(LIST, {"q": "natto"})
    html = response.content.decode()
    assert '<label for="food-q">Search foods</label>' in html
    assert 'type="search"' in html
    assert 'value="natto"' in html


def test_prefix_matches_rank_before_names_containing_the_word(client):
    make_food("Soybeans, natto style dish")
    make_natto()
    make_food("Rice")
    response = client.get(LIST, {"q": "natto"})
    assert names_in(response) == ["Natto", "Soybeans, natto style dish"]


def test_all_words_must_match_in_any_order_ignoring_case_accents_and_commas(client):
    make_food("Egg, yolk, raw, fresh")
    make_food("Egg, white, raw, fresh")
    make_food("Crème fraîche")
    assert names_in(client.get(LIST, {"q": "egg yolk"})) == ["Egg, yolk, raw, fresh"]
    assert names_in(client.get(LIST, {"q": "YOLK egg"})) == ["Egg, yolk, raw, fresh"]
    assert names_in(client.get(LIST, {"q": "CREME"})) == ["Crème fraîche"]
    assert names_in(client.get(LIST, {"q": "fraiche crème"})) == ["Crème fraîche"]


def test_results_show_k1_and_k2_per_serving_with_the_k2_source_or_no_data(client):
    make_natto()  # a 175 g cup; K1 from SR28, MK-7 from Kamao et al. 2007
    make_food("Lettuce", values={"k1": "126.3"})  # no household measure, no K2
    html = client.get(LIST, {"q": ""}).content.decode()
    natto_row = html[html.index(">Natto<") : html.index("</tr>", html.index(">Natto<"))]
    assert "1 cup (175 g)" in natto_row
    assert "40.4 µg" in natto_row  # K1: 23.1 × 1.75
    assert "1,643.3 µg" in natto_row  # K2: 939 × 1.75 = 1,643.25, half up
    assert "Kamao et al. 2007" in natto_row and "USDA SR28" not in natto_row
    lettuce_row = html[html.index(">Lettuce<") : html.index("</tr>", html.index(">Lettuce<"))]
    assert "100 g" in lettuce_row and "126.3 µg" in lettuce_row
    assert "K2: no data" in lettuce_row  # not blank, not 0
    assert ">0 µg" not in html


def test_result_figures_per_serving_per_100_g_and_per_dose(db, django_assert_num_queries):
    from foods import amounts, search

    make_natto()
    make_food("Lettuce", values={"k1": "126.3"})
    make_food("MK-7 100 µg capsule", values={"mk7": 100}, dose_unit="capsule")
    with django_assert_num_queries(3):  # foods, values with their source, portions
        foods = search.with_display_rows(Food.objects.order_by("name"))
        figures = {food.name: amounts.result_figures(food) for food in foods}
    assert figures["Natto"] == amounts.ResultFigures(
        serving="1 cup (175 g)",
        k1=Decimal("23.1") * Decimal("1.75"),
        k2=Decimal("939") * Decimal("1.75"),
        k2_sources=("Kamao et al. 2007",),
    )
    assert figures["Lettuce"].serving == "100 g" and figures["Lettuce"].k2 is None
    assert not figures["Lettuce"].has_k2 and figures["Lettuce"].k2_sources == ()
    assert figures["MK-7 100 µg capsule"].serving == "1 capsule"
    assert figures["MK-7 100 µg capsule"].k2 == Decimal(100)


def test_retired_and_other_users_foods_are_not_listed(client):
    owner, other = make_user(), make_user()
    make_food("Kale, shared")
    make_food("Kale, retired", retired=True)
    make_food("Kale, mine", owner=owner)
    make_food("Kale, theirs", owner=other)
    assert names_in(client.get(LIST, {"q": "kale"})) == ["Kale, shared"]
    client.force_login(owner)
    assert names_in(client.get(LIST, {"q": "kale"})) == ["Kale, mine", "Kale, shared"]


def test_htmx_request_for_the_results_gets_only_the_fragment(client):
    make_natto()
    response = client.get(LIST, {"q": "natto"}, headers=HX_RESULTS)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="food-results"')
    assert "<html" not in html and "Natto" in html


@pytest.mark.parametrize(
    "headers",
    [
        {"HX-Request": "true"},
        {"HX-Request": "true", "HX-Boosted": "true", "HX-Target": "main"},
        {"HX-Request": "true", "HX-Target": "food-results", "HX-History-Restore-Request": "true"},
    ],
)
def test_other_htmx_requests_get_the_full_page(client, headers):
    html = client.get(LIST, {"q": "natto"}, headers=headers).content.decode()
    assert "<html" in html and '<section id="food-results"' in html


def test_pages_of_results(client):
    for i in range(30):
        make_food(f"Bean {i:02d}")
    first = client.get(LIST, {"q": "bean"})
    assert len(names_in(first)) == 25
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(LIST, {"q": "bean", "page": "2"})
    assert names_in(second) == ["Bean 25", "Bean 26", "Bean 27", "Bean 28", "Bean 29"]
    assert "q=bean&amp;page=1" in second.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 2000},
        {"q": "'; DROP TABLE foods_food; --"},
        {"q": "%_%' OR 1=1 --"},
        {"q": "<script>alert(1)</script>"},
        {"q": "🥦🧀"},
        {"q": ",,,"},
        {"sort": "nonsense", "basis": "x", "kind": "y"},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "99999999999999999999"},
        {"group": "'; --"},
        {"q": "natto", "page": "0", "sort": "k2", "basis": "portion", "group": "<b>"},
    ],
)
def test_bad_input_gets_a_normal_page(client, params):
    make_natto()
    response = client.get(LIST, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html


def test_sql_fragments_match_nothing_and_drop_nothing(client):
    make_natto()
    assert names_in(client.get(LIST, {"q": "natto' OR '1'='1"})) == []
    assert names_in(client.get(LIST, {"q": "%"})) == []
    assert names_in(client.get(LIST, {"q": "natto"})) == ["Natto"]


def test_nonsense_page_falls_back_to_first_or_last(client):
    for i in range(30):
        make_food(f"Bean {i:02d}")
    assert client.get(LIST, {"page": "abc"}).context["page"].number == 1
    assert client.get(LIST, {"page": "999"}).context["page"].number == 2


def test_food_names_are_escaped(client):
    make_food("<b>Bold</b> & <script>x()</script>")
    html = client.get(LIST, {"q": "bold"}).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;script&gt;" in html
    assert "<script>x()" not in html


# --- browse and rank --------------------------------------------------------------------------


def test_filter_by_food_group(client):
    dairy = make_group("0100", "Dairy and Egg Products")
    make_food("Cheese, gouda", group=dairy)
    make_natto()
    response = client.get(LIST, {"group": "0100"})
    assert names_in(response) == ["Cheese, gouda"]
    assert "in Dairy and Egg Products" in response.content.decode()
    assert names_in(client.get(LIST, {"group": "nope"})) == ["Cheese, gouda", "Natto"]


def test_rank_by_k2_per_100_g_puts_foods_without_data_last(client):
    make_natto()
    make_food("Cheese, gouda", values={"k1": 2, "mk4": 10, "k2": "54.5"})
    make_food("Spinach", values={"k1": 483})
    make_food("Water")
    response = client.get(LIST, {"sort": "k2"})
    assert names_in(response) == ["Natto", "Cheese, gouda", "Spinach", "Water"]
    assert [row["sort_amount"] for row in response.context["rows"][:2]] == [
        Decimal("939"),
        Decimal("64.5"),
    ]


def test_rank_by_k1_mk7_and_total(client):
    make_natto()  # K1 23.1, MK-7 939
    make_food("Spinach", values={"k1": 483})
    make_food("Cheese", values={"mk4": 10, "k2": 40})
    assert names_in(client.get(LIST, {"sort": "k1"})) == ["Spinach", "Natto", "Cheese"]
    assert names_in(client.get(LIST, {"sort": "mk7"})) == ["Natto", "Cheese", "Spinach"]
    total = client.get(LIST, {"sort": "total"})
    assert names_in(total) == ["Natto", "Spinach", "Cheese"]
    assert total.context["rows"][0]["sort_amount"] == Decimal("962.1")


def test_rank_per_serving_uses_the_first_household_portion(client):
    # Per 100 g parsley wins; per serving the 175 g cup of natto does.
    make_food("Parsley", values={"k1": 1640}, portions=[("tbsp", 3.8), ("cup", 60)])
    make_natto()
    make_food("Kale, no portion", values={"k1": 700})
    response = client.get(LIST, {"sort": "total", "basis": "portion"})
    assert names_in(response) == ["Natto", "Parsley", "Kale, no portion"]
    rows = response.context["rows"]
    assert rows[0]["sort_amount"] == Decimal("962.1") * Decimal("1.75")
    assert rows[1]["sort_amount"] == Decimal("1640") * Decimal("0.038")
    assert rows[2]["sort_amount"] is None
    html = response.content.decode()
    assert "1 cup (175 g)" in html and "no household measure" in html


def test_supplements_are_ranked_apart_and_say_per_capsule(client):
    make_natto()
    make_food("MK-7 100 µg capsule", values={"mk7": 100}, dose_unit="capsule")
    foods = client.get(LIST, {"sort": "k2"})
    assert names_in(foods) == ["Natto"]
    supplements = client.get(LIST, {"sort": "k2", "kind": "supplements"})
    assert names_in(supplements) == ["MK-7 100 µg capsule"]
    assert "per capsule" in supplements.content.decode()
    # A plain search finds both, each labelled with its basis.
    html = client.get(LIST, {"q": "mk"}).content.decode()
    assert "per capsule" in html


# --- constant number of queries ---------------------------------------------------------------


def _many(n):
    group = make_group()
    for i in range(n):
        make_food(
            f"Kale {i:02d}",
            group=group,
            values={"k1": 100 + i, "mk4": 1},
            portions=[("cup", 20), ("leaf", 5)],
        )


@pytest.mark.parametrize(
    ("params", "queries"),
    [
        # groups for the filter, count, page, values, portions, calcium and vitamin D
        ({"q": "kale"}, 6),
        ({"q": ""}, 6),
        ({"sort": "k2"}, 6),
        ({"sort": "total", "basis": "portion", "group": "1600"}, 7),  # + group
    ],
)
def test_list_runs_the_same_number_of_queries_for_one_or_many_results(
    client, django_assert_num_queries, params, queries
):
    _many(1)
    with django_assert_num_queries(queries):
        assert len(client.get(LIST, params).context["rows"]) == 1
    _many(20)
    with django_assert_num_queries(queries):
        assert len(client.get(LIST, params).context["rows"]) == 21


def test_the_results_fragment_skips_the_filter_options(client, django_assert_num_queries):
    _many(1)
    with django_assert_num_queries(5):  # count, page, values, portions, calcium and vitamin D
        client.get(LIST, {"q": "kale"}, headers=HX_RESULTS)
    _many(20)
    with django_assert_num_queries(5):
        client.get(LIST, {"q": "kale"}, headers=HX_RESULTS)


def test_list_query_count_with_a_signed_in_user_is_constant(client, django_assert_num_queries):
    client.force_login(make_user())
    _many(1)
    client.get(LIST)
    with django_assert_num_queries(8):  # + session, user
        client.get(LIST, {"q": "kale"})
    _many(20)
    with django_assert_num_queries(8):
        client.get(LIST, {"q": "kale"})


# --- food page --------------------------------------------------------------------------------


def test_food_page_shows_every_form_with_sources_and_no_data(client):
    natto = make_natto()
    VitaminKValue.objects.filter(food=natto, form="k1").update(data_points=3)
    html = client.get(natto.get_absolute_url()).content.decode()
    assert "<h1>Natto</h1>" in html
    for label in ("K1 (phylloquinone)", "Dihydrophylloquinone", "MK-4", "MK-7", "MK-10"):
        assert label in html
    assert "939 µg" in html and "23.1 µg" in html
    assert "USDA SR28, NDB 16113, calculated or imputed, 3 data points" in html
    assert "Kamao et al. 2007, analytical" in html
    assert "Not counted in K1" in html
    assert html.count("no data") >= 8  # dk1, mk4, mk5, mk6, mk8, mk9, mk10, k2 unspecified
    assert "K2 total" in html
    assert "962.1 µg" in html  # total K1 + K2


def test_a_total_without_forms_is_shown_as_neither_k1_nor_k2(client):
    natto = make_food("Natto, hikiwari", values={"k_unsep": 930})  # MEXT 2020: one total
    html = client.get(natto.get_absolute_url()).content.decode()
    assert "Vitamin K, form not separated" in html
    assert "counted in the total only" in html
    assert "Total vitamin K (K1 + K2 + form not separated)" in html
    assert html.count("930 µg") == 2  # its own line and the total; K1 and K2 say no data
    plain = make_food("Kale", values={"k1": 700})
    assert "form not separated" not in client.get(plain.get_absolute_url()).content.decode()


def test_a_total_without_forms_is_listed_and_ranked_by_total_only(client):
    make_food("Natto, hikiwari", values={"k_unsep": 930})  # MEXT 2020
    make_food("Natto", values={"k1": D("23.1"), "mk7": 939})
    html = client.get(LIST, {"q": "natto"}).content.decode()
    assert "Vitamin K 930 µg per 100 g, K1 and K2 not separated by the source" in html
    by_total = client.get(LIST, {"q": "natto", "sort": "total"})
    assert names_in(by_total) == ["Natto", "Natto, hikiwari"]  # 962.1, then 930
    by_k2 = client.get(LIST, {"q": "natto", "sort": "k2"})
    assert [row["sort_amount"] for row in by_k2.context["rows"]] == [939, None]


def test_food_page_shows_amounts_per_household_portion(client):
    natto = make_natto()
    Portion.objects.create(food=natto, seq=2, description="tbsp", grams=Decimal("11"))
    html = client.get(natto.get_absolute_url()).content.decode()
    assert "1 cup (175 g)" in html
    assert "1,643.3 µg" in html  # 939 × 1.75 = 1,643.25, half up
    assert "1 tbsp (11 g)" in html
    assert "103.3 µg" in html  # 939 × 0.11 = 103.29


def test_food_page_shows_the_study_behind_a_value(client):
    food = make_food("Cheese, gouda")
    VitaminKValue.objects.create(
        food=food,
        form="k2",
        amount_ug=Decimal("64.5"),
        source=make_source("test-table", "Test table 2023", "A national table, 2023"),
        method=Method.TABLE,
        reference="Vermeer C et al. 2018",
        data_points=4,
    )
    html = client.get(food.get_absolute_url()).content.decode()
    assert "Test table 2023, national food composition table, 4 data points" in html
    assert "Study: Vermeer C et al. 2018" in html


def test_supplement_page_is_per_capsule(client):
    pill = make_food("MK-7 capsule", values={"mk7": 100}, dose_unit="capsule")
    html = client.get(pill.get_absolute_url()).content.decode()
    assert "Per capsule" in html and "Per household portion" not in html


def test_wrong_slug_redirects_and_other_users_food_is_404(client):
    natto = make_natto()
    response = client.get(reverse("foods:detail", kwargs={"pk": natto.pk, "slug": "wrong"}))
    assert response.status_code == 301 and response["Location"] == natto.get_absolute_url()
    private = make_food("Secret stew", owner=make_user())
    assert client.get(private.get_absolute_url()).status_code == 404


def test_food_page_query_count_does_not_grow_with_values_and_portions(
    client, django_assert_num_queries
):
    small = make_food("Small", values={"k1": 1})
    big = make_food(
        "Big",
        values={"k1": 1, "mk4": 2, "mk7": 3, "mk9": 4, "dk1": 5},
        portions=[("cup", 100), ("tbsp", 10), ("slice", 20)],
    )
    # food+group, values with their sources, portions, calcium and vitamin D with their sources
    with django_assert_num_queries(4):
        client.get(small.get_absolute_url())
    with django_assert_num_queries(4):
        client.get(big.get_absolute_url())


def test_about_page_cites_the_data_and_corrects_common_claims(client):
    html = client.get(reverse("foods:about")).content.decode()
    assert "<h1>About the data</h1>" in html
    for text in (
        "Release 28",
        "Public domain",
        "NEVO-online versie 2023/8.0, RIVM, Bilthoven",
        "Ciqual French food composition table",
        "no Tolerable Upper Intake Level",
        "about 103&nbsp;µg",
        "63&nbsp;µg",
        "45–75&nbsp;µg",
        "unverified",
        "the <strong>90–120&nbsp;µg adult reference range</strong>",
        "set from phylloquinone (K1) intakes",
        "Children 4–8 years",
        "43.3",
    ):
        assert text.lower() in html.lower(), text


def test_result_count_reads_as_english(client):
    make_food("Natto")
    make_food("Natto, with rice")
    make_food("Kale")
    assert "1 food matches “kale”" in client.get("/foods/", {"q": "kale"}).content.decode()
    assert "2 foods match “natto”" in client.get("/foods/", {"q": "natto"}).content.decode()
