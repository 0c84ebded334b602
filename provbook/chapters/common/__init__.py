"""What every chapter shares: glue with the researcher view (:mod:`.glue`), one computed result
per chapter object (:mod:`.cache`) and the notebook's first call (:mod:`.notebook`). Words for
counts, lists, dates and citations, used by every layer, are in :mod:`provbook.text`."""
