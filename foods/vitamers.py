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
# A source's total vitamin K that does not separate K1 from K2 (MEXT 2020: K1 + MK-4 + MK-7).
# Neither K1 nor K2: it counts towards the total only, so it never makes K1 or K2 look known.
K_UNSEPARATED = "k_unsep"

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
    K_UNSEPARATED: "Vitamin K, form not separated",
}
ALL_FORMS = tuple(LABELS)
K1_FORMS = (K1,)
OTHER_MK_FORMS = (MK5, MK6, MK8, MK9, MK10)
K2_FORMS = (MK4, MK5, MK6, MK7, MK8, MK9, MK10, K2_UNSPECIFIED)
# Each menaquinone a source can report on its own (K2_UNSPECIFIED is a total of them).
SEPARATE_K2_FORMS = (MK4, MK5, MK6, MK7, MK8, MK9, MK10)
# What "total vitamin K" adds up (dihydrophylloquinone is shown apart and never counted).
TOTAL_FORMS = (K1, *K2_FORMS, K_UNSEPARATED)

# SR28 nutrient numbers (NUTR_DEF.txt) for the forms it has.
SR28_NUTRIENTS = {"430": K1, "429": DIHYDRO_K1, "428": MK4}
