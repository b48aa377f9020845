"""`cjm report`, `cjm init`, `cjm import`, `cjm export` (issue 6). Not built yet."""
