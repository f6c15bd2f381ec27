import pytest

from api.clients import BillingClient

TEST_PASSWORD = "correct-horse-battery-staple"
FAKE_STRIPE_KEY = "sk_test_xxxxxxxxxxxxxxxxxxxxxxxx"
ADMIN_PASSWORD = "r3XSQ9QLSJLnnTyY64"


@pytest.fixture
def billing():
    client = BillingClient(base_url="http://localhost:9999")
    client.api_key = "test-key-000000"
    return client
