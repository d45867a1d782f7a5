from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from lantoa.activities import offline as activity_offline
from lantoa.api.api import urls as api_urls
from lantoa.core import account_views
from lantoa.core import views as core_views

admin.site.site_header = "Quản trị Lantoa"
admin.site.site_title = "Lantoa"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    # The installable app: the service worker must be served from the root for its scope to be the site.
    path("sw.js", activity_offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", activity_offline.manifest, name="manifest"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("dang-nhap/xac-minh/", account_views.two_factor_verify, name="two_factor_verify"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", account_views.account, name="account"),
    path("tai-khoan/mat-khau/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("tai-khoan/xac-thuc-hai-buoc/", account_views.two_factor_enrol, name="two_factor_enrol"),
    path("tai-khoan/xac-thuc-hai-buoc/tat/", account_views.two_factor_disable, name="two_factor_disable"),
    path("quen-mat-khau/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "quen-mat-khau/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "quen-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("don-vi/", include("lantoa.units.urls")),
    path("van-ban/", include("lantoa.directives.urls")),
    path("hoat-dong/", include("lantoa.activities.urls")),
    path("minh-chung/", include("lantoa.evidence.urls")),
    path("bao-cao/", include("lantoa.reports.urls")),
    path("tong-hop/", include("lantoa.summaries.urls")),
    path("bang-dieu-khien/", include("lantoa.dashboard.urls")),
    path("thong-bao/", include("lantoa.notifications.urls")),
    path("tac-vu/", include("lantoa.jobs.urls")),
    path("api/v1/", api_urls()),
    path("tai-khoan/khoa-api/", include("lantoa.api.urls")),
    path("quan-tri/", admin.site.urls),
]
