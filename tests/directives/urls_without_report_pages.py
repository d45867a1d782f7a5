"""The project's URLs as they were before the reports pages existed: no `reports:detail`."""

from django.urls import include, path

from lantoa.reports import urls as reports_urls
from lantoa.urls import urlpatterns as project_urlpatterns

urlpatterns = [p for p in project_urlpatterns if str(p.pattern) != "bao-cao/"] + [
    path(
        "bao-cao/",
        include(([p for p in reports_urls.urlpatterns if p.name != "detail"], "reports")),
    ),
]
