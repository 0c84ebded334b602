"""The three chapters, one face each: :mod:`.province` (a province before 2025), :mod:`.unit`
(a province formed on 2025-07-01) and :mod:`.comparative` (the comparison), with what they share
in :mod:`.common`. Each notebook imports its chapter's package and calls its builders."""
