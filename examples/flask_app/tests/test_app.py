"""Tests for the inventory service: they use the Flask test client, never a real server."""
import pytest

from app import app


@pytest.fixture
def client():
    app.config["TESTING"] = True
    with app.test_client() as client:
        yield client


def test_get_item_uses_a_bound_parameter(client):
    response = client.get("/items/1")
    assert response.status_code in (200, 500)


def test_unknown_route_is_404(client):
    response = client.get("/does-not-exist")
    assert response.status_code == 404
