"""What the app may quote to a person on a vitamin K antagonist, word for word from
fixtures/anticoagulation-and-bone-reference.md ("the reference"), with who, which drug, food or
supplement (reference, Summary: "May quote study figures *with their context*").

Pure constants and two selectors; no Django. tests/unit/test_anticoagulation_evidence.py checks
that every quoted string stands in the reference as written (bold and italics markers aside).

There is NO threshold for a "large" difference from usual intake: the reference looked for one
and found none in any guideline or leaflet (§1.3, §5), and forbids showing a sourced-looking
"safe band" (Summary). So a page shows the difference in µg and % with the evidence beside it,
and raises no alarm. Nothing here predicts an INR, advises a dose or sets a target range.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Evidence:
    """One quotable finding: what it says, who it was in, and where it was read."""

    says: str  # the figures, verbatim from the reference's table or list
    context: str  # the study population, drug and exposure, verbatim
    citation: str  # verbatim
    read_at: str  # the URL the reference gives
    section: str  # of the reference
    short: str = ""  # the reference Summary's one-line wording, where it has one


KHAN_2004 = Evidence(
    says="+100 µg/day vitamin K averaged over 4 days → INR −0.2 (regression)",
    context="53 stable warfarin patients; daily food records 4 weeks; weekly INR",
    citation="Khan T et al. 2004, Br J Haematol 124(3):348",
    read_at="https://eprints.ncl.ac.uk/69124",
    section="§1.1",
    short="Khan, INR −0.2 per +100 µg/day averaged over 4 days",
)

FRANCO_2004 = Evidence(
    says=(
        "Depleted: INR 2.6 → 3.3 at day 7 (P = 0.005). Enriched: INR 3.1 → 2.8 at day 4 "
        "(P = 0.04). Intake independently linked to over- and under-anticoagulation"
    ),
    context=(
        "39 outpatients (230 visits); crossover in 12 stable patients: 4-day in-hospital diets "
        "with +500% / −80% vitamin K"
    ),
    citation="Franco V et al. 2004, Am J Med 116(10):651",
    read_at="https://data.zhenzhi.com/details/1/900155376",
    section="§1.1",
)

JOHNSON_2005 = Evidence(
    says=(
        '"Very large amounts … from a single meal (400 g of vegetables with 700 to 1500 µg of '
        "vitamin K1) can measurably change INR, but occasional typical servings (<100 g) would "
        'probably have little lasting impact"'
    ),
    context="Dark-green vegetables hold about 100–570 µg per serving",
    citation="Johnson MA 2005, Nutr Rev 63(3):91",
    read_at="https://www.mendeley.com/catalogue/7b44dcaa-cdc3-32e0-8c8b-bf7c0d564800/",
    section="§1.4",
)

SCHURGERS_2004 = Evidence(
    says=(
        "150 µg/day: lowest dose that significantly lowered INR; clinically relevant in 25%. "
        "100 µg/day: no significant interference."
    ),
    context="Healthy volunteers stable on acenocoumarol; K1 50–500 µg/day, 7 days per dose",
    citation="Schurgers LJ et al. 2004, Blood 104(9):2682",
    read_at="https://www.ncbi.nlm.nih.gov/pubmed/15231565",
    section="§1.2",
    short="Schurgers 2004, K1 supplements lowered INR from 150 µg/day",
)

SCHURGERS_2007 = Evidence(
    says=(
        'MK-7 accumulates 7–8-fold; "preparations supplying 50 µg/d or more of MK-7 may '
        'interfere … in a clinically relevant way"'
    ),
    context="Healthy volunteers, K1 vs natto MK-7",
    citation="Schurgers LJ et al. 2007, Blood 109(8):3279",
    read_at=(
        "http://ashpublications.net/blood/article/109/8/3279/23729/"
        "Vitamin-K-containing-dietary-supplements"
    ),
    section="§1.2",
)

THEUWISSEN_2013 = Evidence(
    says=(
        "45 µg: mean INR fell about 40%. 10 and 20 µg: clinically relevant INR drop in at "
        "least 40% and 60% of subjects."
    ),
    context=(
        "18 healthy volunteers on acenocoumarol (15 reached INR 2.0); MK-7 at 10, 20, 45 µg/day"
    ),
    citation="Theuwissen E et al. 2013, J Thromb Haemost 11(6):1085",
    read_at="http://onlinelibrary.wiley.com/doi/10.1111/jth.12203/abstract",
    section="§1.2",
    short="Theuwissen 2013, MK-7 lowered INR at 10–20 µg/day in some people",
)

NIH_ODS = Evidence(
    says='warfarin users "need to maintain consistent vitamin K intakes"',
    context="NIH ODS (health-professional sheet)",
    citation="NIH ODS",
    read_at="https://ods.od.nih.gov/factsheets/vitaminK-HealthProfessional/",
    section="§1.3",
)

NHS_LEAFLET = Evidence(
    says='"try to keep a consistent diet and lifestyle"',
    context="NHS leaflet (Royal Surrey)",
    citation="NHS leaflet (Royal Surrey)",
    read_at="https://studyres.com/doc/22603197/a-food-guide-for-people-taking-warfarin",
    section="§1.3",
)

CHEST_2012 = Evidence(
    says=("recommended against routine vitamin K supplementation on VKAs, a weak recommendation."),
    context="CHEST 2012 (ACCP 9th ed.)",
    citation="CHEST 2012 (ACCP 9th ed.)",
    read_at="https://vivo.library.tamu.edu/vivo/display/n338295SE",
    section="§1.3",
)

# Reference, Summary ("May say what guidance says"), as one sentence for the page.
GUIDANCE = (
    "keep vitamin K intake consistent, don't avoid vitamin K foods, and talk to the "
    "anticoagulation clinic before changing the diet or starting any K1 or K2 (MK-7) supplement."
)

# The supplement studies' population (reference §1.2), to show beside them.
HEALTHY_VOLUNTEERS = (
    "The Schurgers and Theuwissen studies were in healthy volunteers on acenocoumarol."
)

# Reference §1.3 and §5: looked for, not found. Kept as None so no code invents one.
LARGE_DIFFERENCE_THRESHOLD_UG: None = None
NO_THRESHOLD = "A numeric day-to-day threshold: not found in any guideline or official leaflet."

K1_SUPPLEMENT = "k1"
MK4_SUPPLEMENT = "mk4"
MK7_SUPPLEMENT = "mk7"


def for_a_difference() -> tuple[Evidence, ...]:
    """What to show beside a day's or the last 4 days' difference from usual, whatever its size
    (no threshold exists, see above): Khan's 4-day figure and the consistency guidance
    (reference, Summary; §1.1, §1.3)."""
    return (KHAN_2004, NIH_ODS, NHS_LEAFLET)


def for_a_supplement(form: str) -> tuple[Evidence, ...]:
    """What to show, once and before saving, when a person on a VKA logs a vitamin K supplement
    (reference §1.2, §1.3). MK-4 has no VKA study in the reference, so it gets
    the general guidance only; every form gets CHEST 2012 and `GUIDANCE` beside it."""
    by_form = {
        K1_SUPPLEMENT: (SCHURGERS_2004,),
        MK7_SUPPLEMENT: (SCHURGERS_2007, THEUWISSEN_2013),
        MK4_SUPPLEMENT: (),
    }
    if form not in by_form:
        raise ValueError(f"No supplement form {form!r}; use k1, mk4 or mk7.")
    return (*by_form[form], CHEST_2012)
