from django.urls import path

from lantoa.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("van-ban/<int:pk>/", views.directive_dashboard, name="directive"),
    path("van-ban/<int:pk>/xlsx/", views.directive_xlsx, name="directive_xlsx"),
    path("van-ban/<int:pk>/chi-tieu/<slug:code>/", views.indicator_drilldown, name="indicator"),
]
