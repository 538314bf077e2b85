"""IOM 2001 adequate intakes for every life-stage group (vitamin-k-reference.md §1.1)."""

from decimal import Decimal

import pytest

from diary import intake

D = Decimal


@pytest.mark.parametrize(
    ("life_stage", "age", "months", "key", "ai"),
    [
        (intake.INFANT, None, 0, "infant_0_6", D("2.0")),
        (intake.INFANT, None, 6, "infant_0_6", D("2.0")),
        (intake.INFANT, None, 7, "infant_7_12", D("2.5")),
        (intake.INFANT, None, 12, "infant_7_12", D("2.5")),
        (intake.CHILD, 1, None, "child_1_3", D(30)),
        (intake.CHILD, 3, None, "child_1_3", D(30)),
        (intake.CHILD, 4, None, "child_4_8", D(55)),
        (intake.CHILD, 5, None, "child_4_8", D(55)),  # the child of 5: 55, not 90–120
        (intake.CHILD, 8, None, "child_4_8", D(55)),
        (intake.CHILD, 9, None, "child_9_13", D(60)),
        (intake.CHILD, 13, None, "child_9_13", D(60)),
        (intake.TEEN, 14, None, "teen_14_18", D(75)),
        (intake.TEEN, 18, None, "teen_14_18", D(75)),
        (intake.TEEN, None, None, "teen_14_18", D(75)),
        (intake.MAN, 19, None, "man", D(120)),
        (intake.MAN, None, None, "man", D(120)),
        (intake.WOMAN, 19, None, "woman", D(90)),
        (intake.WOMAN, 80, None, "woman", D(90)),
        (intake.PREGNANT, 14, None, "pregnant_14_18", D(75)),
        (intake.PREGNANT, 18, None, "pregnant_14_18", D(75)),
        (intake.PREGNANT, 19, None, "pregnant_19", D(90)),
        (intake.BREASTFEEDING, 17, None, "breastfeeding_14_18", D(75)),
        (intake.BREASTFEEDING, 19, None, "breastfeeding_19", D(90)),
        (intake.BREASTFEEDING, 35, None, "breastfeeding_19", D(90)),
    ],
)
def test_every_iom_group(life_stage, age, months, key, ai):
    group = intake.iom_group(life_stage, age, months=months)
    assert (group.key, group.ai_ug) == (key, ai)


def test_the_table_has_every_iom_group_once():
    assert [(g.key, g.ai_ug) for g in intake.IOM_2001_GROUPS] == [
        ("infant_0_6", D("2.0")),
        ("infant_7_12", D("2.5")),
        ("child_1_3", D(30)),
        ("child_4_8", D(55)),
        ("child_9_13", D(60)),
        ("teen_14_18", D(75)),
        ("man", D(120)),
        ("woman", D(90)),
        ("pregnant_14_18", D(75)),
        ("pregnant_19", D(90)),
        ("breastfeeding_14_18", D(75)),
        ("breastfeeding_19", D(90)),
    ]
    assert intake.iom_group(intake.CHILD, 6).label == "children 4–8 years"


@pytest.mark.parametrize(
    ("life_stage", "age", "months", "message"),
    [
        (intake.MAN, 15, None, "from 19"),  # a "man" of 15 is a teen, not given 120
        (intake.WOMAN, 18, None, "from 19"),
        (intake.PREGNANT, None, None, "Give the age"),  # not 90 for want of an age
        (intake.BREASTFEEDING, None, None, "Give the age"),
        (intake.INFANT, None, None, "in months"),
        (intake.INFANT, None, 13, "in months"),
        (intake.CHILD, None, None, "depends on age"),
        (intake.CHILD, 0, None, "choose infant"),
        (intake.CHILD, 14, None, "teen"),
        (intake.TEEN, 12, None, "14 to 18"),
        (intake.TEEN, 19, None, "14 to 18"),
        (intake.WOMAN, None, 3, "infants only"),
        (intake.WOMAN, -1, None, "negative"),
        ("elf", 30, None, "Unknown life stage"),
    ],
)
def test_contradictions_are_refused_with_a_reason(life_stage, age, months, message):
    with pytest.raises(ValueError, match=message):
        intake.iom_group(life_stage, age, months=months)


@pytest.mark.parametrize(
    ("stage", "age", "months", "ai"),
    [
        ("pregnant", None, None, "90"),  # saved before the age was asked for: the adult value
        ("breastfeeding", None, None, "90"),
        ("man", 15, None, "120"),  # the stage's value until the profile is completed
        ("child", 16, None, "75"),  # a "child" of 16 is a teen
        ("pregnant", 17, None, "75"),  # a complete profile: iom_group's own answer
    ],
)
def test_a_profile_saved_before_the_rules_still_has_a_value(stage, age, months, ai):
    assert intake.lenient_group(stage, age, months).ai_ug == Decimal(ai)
