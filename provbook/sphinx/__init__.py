"""The book's Sphinx extensions, listed in ``_config.yml``: figure numbers per chapter, escaped
page titles in the theme, and a faster HTML step."""
