"""``make bench`` (issue 8): extraction, batch ingest, the page in headless Chromium, scale and
cold start, each measured as a ratio to a baseline taken in the same run."""
