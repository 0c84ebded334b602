"""Browser checks of the built book (headless Chromium driven by Playwright)."""
