import pytest

from sponsors.forms import SponsorForm
from sponsors.models import Sponsor
from tests.factories import SponsorLevelFactory
from tests.factories.sponsors import image_bytes, upload

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><script>alert(1)</script></svg>'


def _form(logo):
    level = SponsorLevelFactory()
    data = {
        "name": "Logo Test",
        "level": level.pk,
        "kinds": ["money"],
        "start_date": "2026-01-01",
        "contact_language": "en",
    }
    return SponsorForm(data, {"logo_upload": logo})


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        (upload("logo.svg", SVG, "image/svg+xml"), "SVG logos are not accepted"),
        # An SVG under a raster name and type is still refused (its content decides).
        (upload("logo.png", SVG, "image/png"), "SVG logos are not accepted"),
        (upload("notes.png", b"this is not an image at all", "image/png"), "Upload a valid image"),
        (
            upload("huge.png", image_bytes() + b"\0" * (2 * 1024 * 1024), "image/png"),
            "a logo may be at most 2.0",
        ),
        (upload("tiny.png", image_bytes(20, 20)), "each side must be between 64 and 4000 pixels"),
        (upload("wide.png", image_bytes(4100, 100)), "each side must be between 64 and 4000 pixels"),
        (upload("logo.pdf", b"%PDF-1.4 fake", "application/pdf"), "Upload a valid image"),
    ],
    ids=["svg", "svg-disguised", "not-an-image", "oversize", "too-small", "too-wide", "pdf"],
)
def test_bad_logos_are_refused_with_a_clear_message(logo, message):
    form = _form(logo)

    assert not form.is_valid()
    assert message in " ".join(form.errors["logo_upload"])


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF"])
def test_raster_logos_are_accepted(fmt):
    extension = {"JPEG": "jpg"}.get(fmt, fmt.lower())
    form = _form(upload(f"logo.{extension}", image_bytes(fmt=fmt), f"image/{fmt.lower()}"))
    assert form.is_valid(), form.errors


def test_a_refused_logo_saves_nothing(admin_client):
    level = SponsorLevelFactory()

    response = admin_client.post(
        "/admin/sponsors/add/",
        {
            "name": "Nope",
            "level": level.pk,
            "kinds": ["money"],
            "start_date": "2026-01-01",
            "contact_language": "en",
            "logo_upload": upload("logo.svg", SVG, "image/svg+xml"),
        },
    )

    assert response.status_code == 200
    assert "SVG logos are not accepted" in response.content.decode()
    assert not Sponsor.objects.exists()
    from wagtail.images import get_image_model

    assert not get_image_model().objects.exists()
