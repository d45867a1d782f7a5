from django.urls import path

from lantoa.dashboard import list_exports, views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("van-ban/<int:pk>/", views.directive_dashboard, name="directive"),
    path("van-ban/<int:pk>/xlsx/", views.directive_xlsx, name="directive_xlsx"),
    path("van-ban/<int:pk>/bao-cao.xlsx", list_exports.review_xlsx, name="review_xlsx"),
    path("so-theo-doi.xlsx", list_exports.ledger_xlsx, name="ledger_xlsx"),
    path("van-ban/<int:pk>/chi-tieu/<slug:code>/", views.indicator_drilldown, name="indicator"),
]
