"""Schemathesis generates requests from the live OpenAPI schema and sends them to the application: no
answer is a server error, and every answer matches what the schema promises (status, content type, body)."""

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given
from hypothesis import settings as examples

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def schema(db):
    """The schema as the application serves it, requests going straight to its WSGI handler (in this
    thread, inside the test's transaction)."""
    import schemathesis
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from lantoa.wsgi import application

    # As Django's test client does: a request must not close the test's connection (and its transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_every_operation_answers_as_its_schema_says_and_never_with_a_server_error(
    schema, example_directive, commune_reporter, bearer, settings
):
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    settings.LANTOA_API_RATE = "100000/m"
    headers = {"Authorization": bearer(commune_reporter)["HTTP_AUTHORIZATION"]}
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    answers: list[int] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @examples(
            max_examples=15,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            derandomize=True,
        )
        def run(case):
            cache.clear()
            answers.append(case.call_and_validate(headers=headers, checks=checks).status_code)

        run()
    # The token worked (many answers are real data, not only refusals), and bad input was refused cleanly.
    assert answers.count(200) > 20, sorted(set(answers))
    assert {400, 404, 422} & set(answers)
