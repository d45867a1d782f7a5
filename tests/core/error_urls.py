"""The site's URLs plus two that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from lantoa.urls import urlpatterns as site


def refuse(request):
    raise PermissionDenied("Chỉ chuyên viên của đơn vị đầu mối được trả lại báo cáo.")


def fail(request):
    raise RuntimeError("a bug")


urlpatterns = [path("thu-tu-choi/", refuse), path("thu-loi/", fail), *site]
