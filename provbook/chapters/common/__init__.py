"""What every chapter shares: glue with the researcher view (:mod:`.glue`), citations of the rows
shown (:mod:`.citations`), words for counts, lists and dates (:mod:`.text`) and the notebook's
first call (:mod:`.notebook`)."""
