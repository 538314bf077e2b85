"""Foods that are the same food in different sources, so a food page can show every source's
value side by side. A judgement, kept small and explicit like SR28_MATCHES in
foods/importers/literature.py: only raw or plain foods whose names in each source describe the
same thing, never string similarity. Each entry is a group of catalogue keys ("sr28:NDB" for
USDA SR28, "lit:SOURCE-KEY:NAME" for a literature row); a key not in the catalogue is ignored
at run time and fails tests/integration/test_food_comparison.py.
"""

SAME_FOOD: tuple[tuple[str, ...], ...] = (
    ("lit:nevo-2023:Cheese Emmenthaler", "lit:ciqual-2020:Emmental cheese, from cow's milk"),
    ("lit:nevo-2023:Liver pork raw", "lit:ciqual-2020:Liver, pork, raw"),
    ("lit:nevo-2023:Salami", "lit:ciqual-2020:Salami"),
    ("sr28:16113", "lit:mext-2020:Natto, itohiki (ordinary sticky natto)"),
    ("sr28:01125", "lit:ciqual-2020:Egg yolk, raw", "lit:mext-2020:Egg yolk, raw (Japan)"),
    ("sr28:01123", "lit:mext-2020:Egg, whole, raw (Japan)"),
    ("sr28:05027", "lit:mext-2020:Chicken liver, raw (Japan)"),
    ("sr28:05091", "lit:mext-2020:Chicken thigh with skin, raw (Japan)"),
    ("lit:ciqual-2020:Chicken, leg, meat, raw", "lit:dunlop-2022:Chicken leg meat (Australia)"),
    (
        "sr28:01145",
        "lit:nevo-2023:Butter unsalted",
        "lit:ciqual-2020:Butter, 82% fat, unsalted",
    ),
    ("sr28:01001", "lit:nevo-2023:Butter salted"),
    ("sr28:01053", "lit:nevo-2023:Cream whipping unprepared"),
    ("sr28:01077", "lit:nevo-2023:Milk whole", "lit:ciqual-2020:Milk, whole, UHT"),
    ("sr28:01018", "lit:nevo-2023:Cheese Edam 40+", "lit:ciqual-2020:Edam cheese, from cow's milk"),
    ("sr28:01009", "lit:nevo-2023:Cheese Cheddar", "lit:dunlop-2022:Cheddar cheese (Australia)"),
    ("sr28:01006", "lit:nevo-2023:Cheese Brie 50+"),
    ("sr28:01007", "lit:nevo-2023:Cheese Camembert 45+"),
    ("sr28:01022", "lit:nevo-2023:Cheese Gouda 48+ av"),
    ("sr28:01033", "lit:nevo-2023:Cheese Parmesan"),
)


def same_as(catalogue_key: str | None) -> tuple[str, ...]:
    """The other catalogue keys for the same food, or () when it is in no group."""
    for group in SAME_FOOD:
        if catalogue_key in group:
            return tuple(key for key in group if key != catalogue_key)
    return ()
