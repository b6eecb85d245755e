import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbund.settings")
django_application = get_asgi_application()

# Live event streams of public conferences skip the middleware stack (many phones reconnect
# at once when a process goes away); see verbund/assemblies/asgi_stream.py.
from verbund.assemblies.asgi_stream import with_live_streams  # noqa: E402
from verbund.core.warmup import warm_up  # noqa: E402

application = with_live_streams(django_application)
warm_up()
