import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Archived letters go to a temporary folder, not to the checkout's var/private-media."""
    settings.MEDIA_ROOT = str(tmp_path / "private-media")
