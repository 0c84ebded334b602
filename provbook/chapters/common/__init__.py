"""What every chapter shares: glue with the researcher view (:mod:`.glue`), one computed result
per chapter object (:mod:`.cache`), citations of the rows shown (:mod:`.citations`), words for
counts, lists and dates and the Markdown escape (:mod:`.text`) and the notebook's first call
(:mod:`.notebook`)."""
