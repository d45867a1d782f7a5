import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")
application = get_wsgi_application()

# One machine without a broker: this process also runs background jobs, in a thread fed from the Job table
# (no-op when a Celery broker is configured).
from lantoa.jobs.embedded import ensure_started  # noqa: E402

ensure_started()
