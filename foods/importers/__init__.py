"""Importers for the shipped catalogue: USDA SR28, the literature CSV and generic supplements.

Each importer parses its whole file first (any problem raises ImportFileError naming the file,
the line and the reason), then writes in one transaction, comparing with the rows already in
the database so that a second run changes nothing.
"""
