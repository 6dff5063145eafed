"""Hostile and malformed input from the campaigns of issues 13 and 14, kept so none comes back.

Large cases are generated at test time; the ones that could hang or exhaust memory run the real
command in a child process with a timeout and a peak-memory check (test_resources.py)."""
