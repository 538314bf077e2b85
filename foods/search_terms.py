"""The reviewed word lists that search uses: synonyms, spelling variants, and the marks of a
basic food or of a product. Data, not logic: foods/search.py reads them.

search_weight() turns the marks into one number stored on each food (Food.search_weight) when
its name is saved or imported, so ranking by it costs nothing at search time.

All entries are folded (lower case, no accents) and punctuation-free on the query side, because
queries are folded and stripped of punctuation before they are looked up here.

To add a synonym: add `"what people type": ("words in the catalogue name", ...)` to SYNONYMS,
check the catalogue name with `grep -i` in fixtures/usda-sr28/FOOD_DES.txt (or the literature
CSV), and add a line to tests/relevance_cases.csv with what the person types and the exact food
name they mean. Each replacement is searched as words in any order, like a typed query.
"""

import re

from .text import fold

# Common names -> words of the catalogue's (SR28) naming. The typed words are searched too.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "collard greens": ("collards",),
    "ground beef": ("beef ground",),
    "minced beef": ("beef ground",),
    "beef mince": ("beef ground",),
    "mince": ("beef ground",),
    "hamburger meat": ("beef ground",),
    "scallion": ("onions spring",),
    "scallions": ("onions spring",),
    "spring onion": ("onions spring",),
    "spring onions": ("onions spring",),
    "green onion": ("onions spring",),
    "green onions": ("onions spring",),
    "courgette": ("squash zucchini",),
    "courgettes": ("squash zucchini",),
    "zucchini": ("squash zucchini",),
    "aubergine": ("eggplant",),
    "aubergines": ("eggplant",),
    "cilantro": ("coriander cilantro leaves",),
    "coriander": ("coriander cilantro leaves",),
    "green beans": ("beans snap green",),
    "string beans": ("beans snap green",),
    "rocket": ("arugula",),
    "garbanzo": ("chickpeas",),
    "garbanzos": ("chickpeas",),
    "prune": ("plums dried prunes",),
    "prunes": ("plums dried prunes",),
    "toast": ("bread toasted",),
    "swede": ("rutabagas",),
    "beetroot": ("beets",),
    "capsicum": ("peppers sweet",),
    "bell pepper": ("peppers sweet",),
    "chard": ("chard swiss",),
    "kiwi": ("kiwifruit",),
    "oats": ("cereals oats",),
    "oatmeal": ("cereals oats",),
    "porridge": ("cereals oats",),
    "mayonnaise": ("salad dressing mayonnaise",),
    "mayo": ("salad dressing mayonnaise",),
    # Brand-like cheese names NEVO lists as synonyms of its Dutch Swiss-style cheese (code 1725).
    "leerdammer": ("cheese dutch swiss style",),
    "maasdammer": ("cheese dutch swiss style",),
    "maasdam": ("cheese dutch swiss style",),
    "duck breast": ("duck meat",),
    # Vitamin K supplements (foods/importers/supplements.py names them "Vitamin K2 (MK-7) ...").
    "mk7": ("mk-7",),
    "mk 7": ("mk-7",),
    "menaquinone 7": ("mk-7",),
    "mk4": ("mk-4",),
    "mk 4": ("mk-4",),
    "menatetrenone": ("mk-4",),
    "k2 supplement": ("vitamin k2",),
    "vitamin k2 supplement": ("vitamin k2",),
    "k1 supplement": ("vitamin k1",),
    "phylloquinone": ("vitamin k1",),
}

# Spellings of one word (British / American, and the catalogues' own: NEVO writes "Yoghurt").
SPELLINGS: tuple[frozenset[str], ...] = (
    frozenset({"yogurt", "yoghurt", "yoghourt"}),
    frozenset({"colour", "color"}),
    frozenset({"coloured", "colored"}),
    frozenset({"flavour", "flavor"}),
    frozenset({"flavoured", "flavored"}),
    frozenset({"fibre", "fiber"}),
    frozenset({"savoury", "savory"}),
    frozenset({"chilli", "chili", "chile"}),
    frozenset({"doughnut", "donut"}),
    frozenset({"whisky", "whiskey"}),
    frozenset({"emmental", "emmenthal", "emmentaler", "emmenthaler"}),
)

# Marks of a product, a dish or a special food: lower in the list than a basic food matching as
# well. Folded substrings of the name, heaviest first (the first that matches counts).
PRODUCT_MARKS: tuple[tuple[str, int], ...] = (
    ("babyfood", 4),
    ("baby food", 4),
    ("infant formula", 4),
    ("fast food", 4),
    ("fast foods", 4),
    ("restaurant", 4),
    ("school lunch", 4),
    ("(us)", 2),  # literature study samples by country: a national table's food first
    ("(australia)", 2),
    ("(finland)", 2),
    ("(denmark)", 2),
    ("(japan)", 2),
    ("human", 2),  # "Milk, human": not what "milk" means
    ("imitation", 2),
    ("substitute", 2),
    ("buttermilk", 1),
    # Variants of a basic food: the regular one first.
    ("light", 1),
    ("reduced fat", 1),
    ("low fat", 1),
    ("lowfat", 1),
    ("nonfat", 1),
    ("fat free", 1),
    ("diet", 1),
    ("low sodium", 1),
    ("instant", 1),
    ("frozen", 1),
    ("dry", 1),
    ("uht", 1),
    ("greek", 1),
    ("canned", 1),
    ("dried", 1),
    ("mixture", 1),
    ("prepared", 1),
)

# Words that mark the plain, whole, basic food (SR28 names the reference form this way).
BASIC_MARKS: tuple[str, ...] = (", raw", ", whole", ", fresh", ", plain")

# A brand in capitals ("Kefir, lowfat, plain, LIFEWAY", "KRAFT"): SR28 writes brands so.
BRAND = re.compile(r"[A-Z]{4,}")
BRAND_WEIGHT = 3


def search_weight(name: str) -> int:
    """Lower for a plain, basic food: the heaviest product mark (or a brand) times ten, minus
    the basic marks it has. "Egg, whole, raw, fresh" -> -3; "Babyfood, egg yolks" -> 40."""
    folded = fold(name)
    product = max(
        [weight for mark, weight in PRODUCT_MARKS if mark in folded]
        + [BRAND_WEIGHT if BRAND.search(name) else 0]
    )
    basic = sum(mark in folded for mark in BASIC_MARKS)
    return product * 10 - basic
