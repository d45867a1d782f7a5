from django.urls import path

from lantoa.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.token_list, name="list"),
    path("<int:pk>/thu-hoi/", views.token_revoke, name="revoke"),
]
