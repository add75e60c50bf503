from tests.web.conftest import outsider, owner, owner_client  # noqa: F401 - shared page-test fixtures
