"""Authoring frameworks: writing one back out as YAML or xlsx, comparing two, and the indicator library."""
