"""Loading what is registered under an entry point group: built-ins and plugins alike."""
from __future__ import annotations

from importlib import import_module
from importlib.metadata import entry_points


def load_entry_points(group: str, registry: object, builtin: str) -> None:
    """Call every `register(registry)` in the group; the built-in one also from an uninstalled tree."""
    loaded = set()
    for entry in entry_points(group=group):
        entry.load()(registry)
        loaded.add(entry.value)
    if builtin not in loaded:
        module, _, function = builtin.partition(":")
        getattr(import_module(module), function)(registry)
