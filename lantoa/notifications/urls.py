from django.urls import path

from lantoa.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/mo/", views.open_message, name="open"),
    path("da-doc/", views.read_all, name="read_all"),
    path("cai-dat/", views.preferences, name="preferences"),
    path("nhac-ngay/<int:pk>/", views.nudge, name="nudge"),
    path("don-doc/<int:pk>/", views.dunning, name="dunning"),
    path("cach-nhac/<int:pk>/", views.policy, name="policy"),
    path("don-doc/<int:pk>/docx/", views.dunning_docx, name="dunning_docx"),
]
