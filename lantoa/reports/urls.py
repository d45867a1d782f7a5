from django.urls import path

from lantoa.reports import views

app_name = "reports"
urlpatterns = [
    path("nhiem-vu/", views.my_tasks, name="my_tasks"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/sua/", views.report_edit, name="edit"),
    path("<int:pk>/nop/", views.report_submit, name="submit"),
    path("<int:pk>/duyet/", views.report_accept, name="accept"),
    path("<int:pk>/tra-lai/", views.report_return, name="return"),
    path("<int:pk>/mo-lai/", views.report_reopen, name="reopen"),
    path("<int:pk>/chi-tieu/<slug:code>/", views.report_figure, name="figure"),
    path("van-ban/<int:pk>/", views.review, name="review"),
]
