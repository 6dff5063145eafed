"""A person with an issued (one-time) password changes it before anything else.

The flag is put in the session at login (signals below), so no page pays a query for it; it is cleared when
the password change succeeds.
"""
from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse

FLAG = "jixiao_must_change_password"


@receiver(user_logged_in)
def _remember_first_login(sender, request, user, **kwargs):
    from jixiao.web.people.models import FirstLogin

    if request is not None and hasattr(request, "session") and FirstLogin.objects.filter(user=user).exists():
        request.session[FLAG] = True


class ForcePasswordChange:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is None or not session.get(FLAG):
            return self.get_response(request)
        allowed = (reverse("password_change"), reverse("logout"), reverse("login"))
        if request.path not in allowed and not request.path.startswith("/static/"):
            return redirect("password_change")
        response = self.get_response(request)
        if request.path == allowed[0] and request.method == "POST" and response.status_code == 302:
            from jixiao.web.people.models import FirstLogin

            FirstLogin.objects.filter(user=request.user).delete()
            request.session.pop(FLAG, None)
        return response
