from django.contrib.contenttypes.models import ContentType

import pytest

from sponsors.models import Sponsor, SponsorLevel
from tests.factories import PublicSponsorFactory, TranslatorFactory
from tests.sponsors.conftest import login

pytestmark = pytest.mark.django_db


def test_translators_find_sponsors_and_levels_in_their_workspace_and_translate_them(client):
    sponsor = PublicSponsorFactory(name="Northwind", acknowledgement_en="Hosts our build farm.")
    sponsor.level.name_en = "Principal sponsors"
    sponsor.level.save()
    login(client, TranslatorFactory())

    rows = client.get("/admin/translations/?language=es&kind=record").context["rows"]
    labels = {(row.kind_label, row.label): row.cells[0].status for row in rows}
    assert labels[("sponsor", "Northwind")] == "missing"
    assert labels[("sponsor level", "Principal sponsors")] == "missing"

    sponsor_type = ContentType.objects.get_for_model(Sponsor).pk
    level_type = ContentType.objects.get_for_model(SponsorLevel).pk
    client.post(
        f"/admin/translations/record/{sponsor_type}/{sponsor.pk}/es/",
        {"acknowledgement": "Aloja nuestra granja de compilación."},
    )
    client.post(
        f"/admin/translations/record/{level_type}/{sponsor.level_id}/es/",
        {"name": "Patrocinadores principales", "benefits": ""},
    )
    client.logout()

    spanish = client.get("/es/sponsors/").content.decode()
    assert "Aloja nuestra granja de compilación." in spanish
    assert "Patrocinadores principales" in spanish
    assert "Hosts our build farm." not in spanish
    assert "Hosts our build farm." in client.get("/en/sponsors/").content.decode()
