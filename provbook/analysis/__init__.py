"""Computations on the tables, with no words and no drawing: ranks and growth (:mod:`.stats`),
the 34 provinces of 2025 from their parts (:mod:`.aggregate`), a change said in words
(:mod:`.changes`) and the 2030 targets against today (:mod:`.plans`)."""
