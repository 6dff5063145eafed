"""Anonymous readers of the public pages are limited per address: JIXIAO_PUBLIC_RATE requests per minute (default 300).

Counted in Django's cache (per app server with the default local-memory cache; a shared cache makes it one count),
in fixed one-minute windows. Signed-in people are not limited here.
"""
from __future__ import annotations

import os
import time
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse


def rate() -> int:
    text = os.environ.get("JIXIAO_PUBLIC_RATE", "300").strip()
    return int(text) if text.isdigit() else 300


def limited(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        limit = rate()
        if limit and not request.user.is_authenticated:
            window = int(time.time() // 60)
            key = f"jixiao-public:{request.META.get('REMOTE_ADDR', '')}:{window}"
            count = cache.get_or_set(key, 0, 120)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between the two calls
                cache.set(key, 1, 120)
                count = 1
            if count > limit:
                response = HttpResponse("访问过于频繁，请一分钟后再试。", status=429, content_type="text/plain; charset=utf-8")
                response["Retry-After"] = "60"
                return response
        return view(request, *args, **kwargs)

    return wrapper
