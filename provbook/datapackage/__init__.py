"""The data package in ``data/``: where data enters the book and where it is checked.

:mod:`.schema` reads ``datapackage.json`` once for both :mod:`.data` (typed tables) and
:mod:`.validate` (``provbook validate``); :mod:`.ids` and :mod:`.names` give chapter ids and the
many spellings of a province's name.
"""
