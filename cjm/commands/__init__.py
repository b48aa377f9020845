"""CLI commands, one module per feature; each registers its commands on ``cjm.cli.app``."""
