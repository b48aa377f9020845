"""`cjm diff`, `cjm git-diff` and `cjm show` (issue 4). Not built yet."""
