"""公开: what a published round shows and the open-data files (CSV, JSON, xlsx) made from it, pure of the web."""
