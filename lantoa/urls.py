from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from lantoa.core import views as core_views

admin.site.site_header = "Quản trị Lantoa"
admin.site.site_title = "Lantoa"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("don-vi/", include("lantoa.units.urls")),
    path("van-ban/", include("lantoa.directives.urls")),
    path("hoat-dong/", include("lantoa.activities.urls")),
    path("bao-cao/", include("lantoa.reports.urls")),
    path("tong-hop/", include("lantoa.summaries.urls")),
    path("bang-dieu-khien/", include("lantoa.dashboard.urls")),
    path("thong-bao/", include("lantoa.notifications.urls")),
    path("quan-tri/", admin.site.urls),
]
