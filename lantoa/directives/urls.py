from django.urls import path

from lantoa.directives import signing_views, views

app_name = "directives"
urlpatterns = [
    path("", views.directive_list, name="list"),
    path("nhap/", views.directive_import, name="import"),
    path("moi/", views.directive_new, name="new"),
    path("cho-ky/", signing_views.directive_awaiting, name="awaiting"),
    path("<int:pk>/", views.directive_detail, name="detail"),
    path("<int:pk>/tep-goc/", views.directive_source, name="source"),
    path("<int:pk>/edxml/", views.directive_edxml, name="edxml"),
    path("<int:pk>/sua/", views.directive_edit, name="edit"),
    path("<int:pk>/chi-tieu/", views.directive_indicators, name="indicators"),
    path("<int:pk>/trinh-ky/", signing_views.directive_submit, name="submit"),
    path("<int:pk>/rut-lai/", signing_views.directive_withdraw, name="withdraw"),
    path("<int:pk>/ky-duyet/", signing_views.directive_approve, name="approve"),
    path("<int:pk>/tra-lai/", signing_views.directive_return, name="return"),
    path("<int:pk>/nhiem-vu/them/", views.task_add, name="task_add"),
    path("<int:pk>/nhiem-vu/<int:task_pk>/", views.task_edit, name="task"),
    path("<int:pk>/nhiem-vu/<int:task_pk>/xoa/", views.task_remove, name="task_remove"),
    path("<int:pk>/nhiem-vu/<int:task_pk>/don-vi/", views.task_units, name="task_units"),
    path("<int:pk>/nhiem-vu/<int:task_pk>/chon-don-vi/", views.task_settle, name="task_settle"),
    path("<int:pk>/nhiem-vu/<int:task_pk>/bo-qua/", views.task_dismiss, name="task_dismiss"),
    path("<int:pk>/don-vi/<int:assignment_pk>/", views.assignment_update, name="assignment"),
    path("<int:pk>/don-vi/<int:assignment_pk>/bo/", views.assignment_remove, name="assignment_remove"),
]
