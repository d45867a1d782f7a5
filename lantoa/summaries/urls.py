from django.urls import path

from lantoa.summaries import views

app_name = "summaries"
urlpatterns = [
    path("van-ban/<int:pk>/", views.summary_detail, name="detail"),
    path("van-ban/<int:pk>/luu/", views.summary_save, name="save"),
    path("van-ban/<int:pk>/soan-lai/", views.summary_redraft, name="redraft"),
    path("van-ban/<int:pk>/khoi-phuc/<int:revision_pk>/", views.summary_restore, name="restore"),
    path("van-ban/<int:pk>/tao/", views.summary_generate, name="generate"),
    path("van-ban/<int:pk>/nop-len-cap-tren/", views.summary_submit_upward, name="submit_upward"),
    path("tep/<int:pk>/<str:kind>/", views.generation_file, name="file"),
]
