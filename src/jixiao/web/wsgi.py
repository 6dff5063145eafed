"""WSGI entry point for gunicorn: jixiao.web.wsgi:application."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
application = get_wsgi_application()

from jixiao.web.serve import warm_up  # noqa: E402 - after Django is set up

warm_up()
