"""Helpers any app of the project may use: a leaf that imports no app (`foods`, `diary`,
`k2tracker`), only Django and the libraries."""
