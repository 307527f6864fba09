"""Stage 2 and 3 of the cascade: rules that turn the structured text into typed objects."""

from __future__ import annotations

import functools
import re
import sys


def bounded_caches() -> list[functools._lru_cache_wrapper[object]]:
    """The bounded caches of the package (`lru_cache` with a `maxsize`): results memoized by a
    clause or a phrase of the text. The unbounded ones hold the loaded lexicons and compiled
    patterns."""
    found = []
    for name, module in list(sys.modules.items()):
        if name == "policytext" or name.startswith("policytext."):
            for value in vars(module).values():
                bounded = isinstance(value, functools._lru_cache_wrapper) and (
                    value.cache_parameters()["maxsize"] is not None
                )
                if bounded:
                    found.append(value)
    return found


def clear_memos() -> None:
    """Forget every result memoized by a clause or a phrase of a text (the bounded caches and
    the endings the project stage remembers), so that texts parsed again count as new reports;
    the loaded lexicons and compiled patterns stay. For benchmarks and speed tests.

    The compile cache of `re` is emptied too (for the whole process: every module's patterns
    compiled from strings are compiled again when next used): a report's own patterns (a
    `patterns.FormFinder` of its names) would otherwise be found compiled when the same report
    is parsed again, as they never are for a new one. The package holds its own patterns
    compiled, so they stay."""
    for cache in bounded_caches():
        cache.cache_clear()
    re.purge()
    if "policytext.rules.projects" in sys.modules:
        sys.modules["policytext.rules.projects"].clear_memos()
