"""`cjm render` (issue 5). Not built yet."""
