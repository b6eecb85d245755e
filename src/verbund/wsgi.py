import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbund.settings")
application = get_wsgi_application()

from verbund.core.warmup import warm_up  # noqa: E402

warm_up()
