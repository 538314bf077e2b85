"""The forms of vitamin K the catalogue tracks. Pure Python, shared by models and arithmetic."""

K1 = "k1"  # phylloquinone
DIHYDRO_K1 = "dk1"  # dihydrophylloquinone (hydrogenated oils): shown apart, not counted in K1
MK4 = "mk4"
MK5 = "mk5"
MK6 = "mk6"
MK7 = "mk7"
MK8 = "mk8"
MK9 = "mk9"
MK10 = "mk10"
K2_UNSPECIFIED = "k2"  # a source that gives only a K2 total

LABELS = {
    K1: "K1 (phylloquinone)",
    DIHYDRO_K1: "Dihydrophylloquinone",
    MK4: "MK-4",
    MK5: "MK-5",
    MK6: "MK-6",
    MK7: "MK-7",
    MK8: "MK-8",
    MK9: "MK-9",
    MK10: "MK-10",
    K2_UNSPECIFIED: "K2, form not reported",
}
ALL_FORMS = tuple(LABELS)
OTHER_MK_FORMS = (MK5, MK6, MK8, MK9, MK10)
K2_FORMS = (MK4, MK5, MK6, MK7, MK8, MK9, MK10, K2_UNSPECIFIED)

# SR28 nutrient numbers (NUTR_DEF.txt) for the forms it has.
SR28_NUTRIENTS = {"430": K1, "429": DIHYDRO_K1, "428": MK4}
