"""The REST API, /api/v1/: the same scoping functions and services as the pages, behind personal tokens.

Every operation starts from the scoping function of its model (`reports_visible_to`,
`get_directive_for_user_or_404`…) and writes only through the named services, so a rule changed for the
pages is changed here too. Refusals share one JSON shape (lantoa/api/errors.py).
"""

from ninja import NinjaAPI

from lantoa.api import errors
from lantoa.api.base import AddressRate, TokenAuth, TokenRate

api = NinjaAPI(
    title="Lantoa API",
    version="1",
    description=(
        "Văn bản chỉ đạo, nhiệm vụ, đơn vị, báo cáo, sổ theo dõi hoạt động, báo cáo tổng hợp và tác vụ nền. "
        "Xác thực bằng khóa truy cập cá nhân: `Authorization: Bearer <khóa>`."
    ),
    auth=TokenAuth(),
    throttle=[TokenRate(), AddressRate()],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)

from lantoa.api import campaign, work  # noqa: E402 - the routes register themselves on `api`

api.add_router("", campaign.router)
api.add_router("", work.router)


def urls():
    """The API's URL patterns, exempt from the login redirect: the API answers 401 in JSON itself."""
    from django.contrib.auth.decorators import login_not_required

    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = login_not_required(pattern.callback)
    return patterns, app_name, namespace
