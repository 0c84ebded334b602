"""Every chart and map of the book is drawn here: one style (:mod:`.charts`), maps from GeoJSON
(:mod:`.maps`), and the rule that no two texts of a chart collide (:mod:`.layout`,
checked over every chapter by :mod:`.layout_sweep`)."""
