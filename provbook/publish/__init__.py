"""What the book publishes besides its chapters: the bibliography, the intro's list of provinces,
the data package as a zip, and the PDF printed by headless Chromium."""
