"""Each person's notices (通知), newest first; opening the page marks them read."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from jixiao.web.notices.models import Notice


@login_required
def notices_page(request):
    notices = list(Notice.objects.filter(user=request.user)[:200])
    unread = [n.pk for n in notices if not n.read]
    if unread:
        Notice.objects.filter(pk__in=unread).update(read=True)
    return render(request, "notices/notices.html", {"notices": notices, "unread": set(unread)})
