"""`cjm lint` and `cjm rules` (issue 3). Not built yet."""
