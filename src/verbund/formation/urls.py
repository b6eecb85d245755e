from django.urls import path

from verbund.formation import views

app_name = "formation"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/steps/<int:step_pk>/", views.step, name="step"),
    path("<int:pk>/candidates/", views.add_candidate, name="add_candidate"),
    path("<int:pk>/candidates/<int:candidate_pk>/", views.candidate, name="candidate"),
    path("<int:pk>/contacts/", views.contact, name="contact"),
    path("<int:pk>/agreement/", views.agreement, name="agreement"),
    path("<int:pk>/formalise/", views.formalise, name="formalise"),
]
