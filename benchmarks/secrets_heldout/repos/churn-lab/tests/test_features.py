import pytest

from churn.features import PlanClient, build_features

FAKE_API_KEY = "test-api-key"
DUMMY_PASSWORD = "password123"


@pytest.fixture
def client():
    return PlanClient(base_url="http://localhost:8080", api_key="dummy-key-for-tests")


def test_build_features_counts_sessions(client):
    frame = build_features(client, user_ids=["u-1", "u-2"])
    assert list(frame["sessions"]) == [3, 0]
