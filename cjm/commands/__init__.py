"""CLI commands, one module per feature; each registers its commands on ``cjm.commands.base.app``."""
