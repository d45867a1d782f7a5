"""The project's URLs as they were before the activity ledger could be logged: no `activities:create`."""

from django.urls import include, path

from lantoa.activities import urls as activities_urls
from lantoa.urls import urlpatterns as project_urlpatterns

urlpatterns = [p for p in project_urlpatterns if str(p.pattern) != "hoat-dong/"] + [
    path(
        "hoat-dong/",
        include(([p for p in activities_urls.urlpatterns if p.name != "create"], "activities")),
    ),
]
