"""Every page of the web system; docs/web.md lists them with their buttons."""
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from jixiao.web.api import views_profile as profile
from jixiao.web.api.main import api
from jixiao.web.disclosure import urls as disclosure
from jixiao.web.orgs import views as orgs
from jixiao.web.security import password_change_form
from jixiao.web.rounds import views_files as files
from jixiao.web.rounds import views_fill as fill
from jixiao.web.rounds import views_review as review
from jixiao.web.rounds import views_round as rounds

admin.site.site_header = admin.site.site_title = "jixiao 绩效 管理"

urlpatterns = [
    path("", rounds.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="jixiao/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(template_name="jixiao/password.html", success_url="/", form_class=password_change_form()), name="password_change"),
    path("rounds/new/", rounds.round_new, name="round_new"),
    path("rounds/<int:pk>/", rounds.round_page, name="round"),
    path("rounds/<int:pk>/summary.xlsx", files.region_summary, name="region_summary"),
    path("rounds/<int:pk>/archive.zip", files.round_archive, name="round_archive"),
    path("rounds/<int:pk>/departments/<int:dept>/", rounds.department_page, name="department"),
    path("rounds/<int:pk>/departments/<int:dept>/summary.xlsx", files.department_summary, name="department_summary"),
    path("rounds/<int:pk>/departments/<int:dept>/report/", rounds.department_report, name="department_report"),
    path("rounds/<int:pk>/departments/<int:dept>/return/", rounds.department_return, name="department_return"),
    path("submissions/<int:pk>/", fill.submission_page, name="submission"),
    path("submissions/<int:pk>/save/", fill.save, name="save"),
    path("submissions/<int:pk>/slots/add/", fill.slot_add, name="slot_add"),
    path("submissions/<int:pk>/slots/remove/", fill.slot_remove, name="slot_remove"),
    path("submissions/<int:pk>/explain/", fill.explain, name="explain"),
    path("submissions/<int:pk>/submit/", fill.submit, name="submit"),
    path("submissions/<int:pk>/upload/", fill.upload_facts, name="upload_facts"),
    path("submissions/<int:pk>/template.xlsx", files.template_xlsx, name="template_xlsx"),
    path("submissions/<int:pk>/documents/<str:which>", files.document, name="document"),
    path("submissions/<int:pk>/evidence/", files.evidence_upload, name="evidence_upload"),
    path("submissions/<int:pk>/history.csv", files.history_csv, name="history_csv"),
    path("submissions/<int:pk>/review/", review.review_page, name="review"),
    path("submissions/<int:pk>/review/score/", review.review_score, name="review_score"),
    path("submissions/<int:pk>/review/return/", review.return_submission, name="return"),
    path("submissions/<int:pk>/review/approve/", review.approve, name="approve"),
    path("evidence/<int:pk>/", files.evidence_download, name="evidence_download"),
    path("orgs/import/", orgs.import_orgs, name="import_orgs"),
    path("profile/", profile.profile, name="profile"),
    path("profile/tokens/", profile.token_create, name="token_create"),
    path("profile/tokens/<int:pk>/revoke/", profile.token_revoke, name="token_revoke"),
    path("profile/tokens/revoke-all/", profile.token_revoke_all, name="token_revoke_all"),
    path("results/", include("jixiao.web.results.urls")),
    path("rectification/", include("jixiao.web.rectification.urls")),
    path("disclosure/", include(disclosure.admin_urls)),
    path("public/", include(disclosure.public_urls)),
    path("monitoring/", include("jixiao.web.monitoring.urls")),
    path("", include("jixiao.web.overview.urls")),
    path("", include("jixiao.web.deadlines.urls")),
    path("", include("jixiao.web.worklist.urls")),
    path("", include("jixiao.web.spotcheck.urls")),
    path("", include("jixiao.web.people.urls")),
    path("", include("jixiao.web.notices.urls")),
    path("frameworks/", include("jixiao.web.frameworks_editor.urls")),
    path("", include("jixiao.web.projects.urls")),  # 项目支出绩效自评 (jixiao.web.projects)
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
