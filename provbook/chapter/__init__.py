"""The province chapter's builders, split by concern.

Where a chapter's words live (one home each):

- fixed prose, headings and figure captions: the template's markdown cells
  (``notebooks/province.ipynb``), with numbers and citations glued or filled in;
- sentences whose wording depends on the data (counts, singular/plural, "none"): :mod:`.prose`;
- citations of the rows shown (table Source column, figure captions, chart source lines):
  :mod:`.citations`;
- markdown that must exist before execution (title, figure labels, optional figure blocks):
  :mod:`provbook.template`, filled the same way by ``provbook build``, ``provbook run`` and
  ``papermill --engine provbook``.

Modules: :mod:`.facts` (loading and selection), :mod:`.prose`, :mod:`.tables`, :mod:`.figures`,
:mod:`.citations`, :mod:`.glue`. :mod:`provbook.province` re-exports them for the notebook.
"""
