"""Content-Security-Policy on every response (scripts, styles and forms from this site only), no-store on what a
signed-in person sees, and the login throttle's limits (per account and per address)."""
from __future__ import annotations

POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


class ContentSecurityPolicy:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class MinimumLength:
    """Django's length rule with its message in Chinese (Django's own zh-hans catalogue lacks this one)."""

    def __init__(self, min_length: int = 10):
        self.min_length = min_length

    def validate(self, password, user=None):
        from django.core.exceptions import ValidationError

        if len(password) < self.min_length:
            raise ValidationError(f"密码太短：至少 {self.min_length} 个字符。", code="password_too_short")

    def get_help_text(self):
        return f"密码至少 {self.min_length} 个字符。"


class NoStoreWhenSignedIn:
    """A signed-in person's pages and files are never kept by the browser or a proxy (a shared office computer's
    back button or cache must not show another person's figures after logging out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
        return response


ACCOUNT_FAILURE_LIMIT = 5
# A whole office often signs in from one address: it may fail more often than one account before it is locked,
# but not try a few passwords on every account.
ADDRESS_FAILURE_LIMIT = 20


def failure_limit(request, credentials=None) -> int:
    """django-axes' limit, compared with the larger of the account's and the address's failures
    (AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]): locked when the account has failed 5 times
    or the address 20 times within the cool-off time."""
    from axes.handlers.database import AxesDatabaseHandler
    from django.db.models import Sum

    by_account = AxesDatabaseHandler().get_user_attempts(request, credentials)[0]
    failures = by_account.aggregate(total=Sum("failures_since_start"))["total"] or 0
    return ACCOUNT_FAILURE_LIMIT if failures >= ACCOUNT_FAILURE_LIMIT else ADDRESS_FAILURE_LIMIT


def password_change_form():
    """Django's password change form with its labels as written (no ASCII ":" after them)."""
    from django.contrib.auth.forms import PasswordChangeForm

    class PasswordChange(PasswordChangeForm):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("label_suffix", "")
            super().__init__(*args, **kwargs)

    return PasswordChange
