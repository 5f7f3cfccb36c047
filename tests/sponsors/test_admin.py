import csv
import io

from wagtail.models import ModelLogEntry

import pytest

from sponsors.models import InquiryState, Sponsor, SponsorLevel
from tests.factories import (
    AdministratorFactory,
    InquiryFactory,
    LogoFactory,
    MemberFactory,
    ModeratorFactory,
    PublicSponsorFactory,
    SponsorFactory,
    SponsorLevelFactory,
)
from tests.factories.sponsors import image_bytes, upload
from tests.sponsors.conftest import login

pytestmark = pytest.mark.django_db


def _sponsor_data(level, **overrides):
    data = {
        "name": "Adventure Works",
        "website": "https://adventure.example",
        "level": level.pk,
        "kinds": ["hardware"],
        "acknowledgement_en": "Gave two build servers.",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "contact_name": "Sam",
        "contact_email": "sam@adventure.example",
        "contact_language": "es",
    }
    data.update(overrides)
    return data


def test_agreed_inquiry_becomes_a_sponsor_with_a_logo_awaiting_review(admin_client):
    level = SponsorLevelFactory()
    inquiry = InquiryFactory(
        organisation="Adventure Works", state=InquiryState.AGREED, kinds=["hardware", "money"]
    )

    form_page = admin_client.get(f"/admin/sponsors/add/?inquiry={inquiry.pk}")
    assert form_page.context["form"].initial["name"] == "Adventure Works"
    assert form_page.context["form"].initial["kinds"] == ["hardware", "money"]
    response = admin_client.post(
        "/admin/sponsors/add/",
        {**_sponsor_data(level), "inquiry": inquiry.pk, "logo_upload": upload("aw.png")},
    )

    sponsor = Sponsor.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/sponsors/{sponsor.pk}/"
    assert sponsor.inquiry == inquiry
    assert sponsor.logo is not None and sponsor.logo.width == 400
    assert sponsor.is_public is False
    assert ModelLogEntry.objects.filter(object_id=str(sponsor.pk), action="wagtail.create").exists()
    # The inquiry now links to its sponsor and offers no second one.
    page = admin_client.get(f"/admin/sponsors/inquiries/{inquiry.pk}/").content.decode()
    assert f"/admin/sponsors/{sponsor.pk}/" in page
    assert "Create the sponsor" not in page


def test_an_inquiry_not_agreed_cannot_become_a_sponsor(admin_client):
    level = SponsorLevelFactory()
    inquiry = InquiryFactory(state=InquiryState.CONTACTED)

    response = admin_client.post("/admin/sponsors/add/", {**_sponsor_data(level), "inquiry": inquiry.pk})

    assert response.status_code == 302
    assert response["Location"] == f"/admin/sponsors/inquiries/{inquiry.pk}/"
    assert not Sponsor.objects.exists()


def test_an_inquiry_becomes_at_most_one_sponsor(admin_client):
    level = SponsorLevelFactory()
    inquiry = InquiryFactory(state=InquiryState.AGREED)
    SponsorFactory(inquiry=inquiry)

    admin_client.post("/admin/sponsors/add/", {**_sponsor_data(level), "inquiry": inquiry.pk})

    assert Sponsor.objects.count() == 1


def test_moderator_reviews_and_publishes_a_sponsor(client):
    sponsor = SponsorFactory(name="Adventure Works")
    moderator = login(client, ModeratorFactory())

    page = client.get(f"/admin/sponsors/{sponsor.pk}/").content.decode()
    assert "Approve and show on public pages" in page
    assert 'name="name"' not in page  # moderators review; they do not edit
    response = client.post(f"/admin/sponsors/{sponsor.pk}/publish/", {"public": "1"})

    assert response.status_code == 302
    sponsor.refresh_from_db()
    assert sponsor.is_public
    entry = ModelLogEntry.objects.get(object_id=str(sponsor.pk), action="sponsors.publish")
    assert entry.user == moderator
    assert "Adventure Works" in client.get("/en/sponsors/").content.decode()

    client.post(f"/admin/sponsors/{sponsor.pk}/publish/", {"public": "0"})
    sponsor.refresh_from_db()
    assert not sponsor.is_public


def test_moderator_cannot_edit_a_sponsor(client):
    sponsor = SponsorFactory(name="Original")
    login(client, ModeratorFactory())

    client.post(f"/admin/sponsors/{sponsor.pk}/", _sponsor_data(sponsor.level, name="Changed"))

    sponsor.refresh_from_db()
    assert sponsor.name == "Original"


def test_editors_cannot_publish_sponsors(client):
    sponsor = SponsorFactory()
    login(client, MemberFactory(groups=["Editors"]))

    response = client.post(f"/admin/sponsors/{sponsor.pk}/publish/", {"public": "1"})

    assert response.status_code == 302
    sponsor.refresh_from_db()
    assert not sponsor.is_public


def test_the_public_flag_cannot_be_set_through_the_edit_form(admin_client):
    sponsor = SponsorFactory()

    admin_client.post(f"/admin/sponsors/{sponsor.pk}/", {**_sponsor_data(sponsor.level), "is_public": "on"})

    sponsor.refresh_from_db()
    assert sponsor.name == "Adventure Works"
    assert sponsor.is_public is False


def test_end_date_before_start_date_is_refused(admin_client):
    level = SponsorLevelFactory()

    response = admin_client.post(
        "/admin/sponsors/add/", _sponsor_data(level, start_date="2026-06-01", end_date="2026-05-01")
    )

    assert response.status_code == 200
    assert "The end date cannot be before the start date." in response.content.decode()
    assert not Sponsor.objects.exists()


def test_sponsor_list_filters(admin_client):
    gold = SponsorLevelFactory(name_en="Gold")
    PublicSponsorFactory(name="Alpha", level=gold, kinds=["money"])
    PublicSponsorFactory(name="Beta", kinds=["hardware", "cloud"])
    SponsorFactory(name="Gamma", level=gold, kinds=["cloud"])

    def names(query):
        response = admin_client.get(f"/admin/sponsors/?{query}")
        assert response.status_code == 200
        return [s.name for s in response.context["page"].object_list]

    assert names("") == ["Alpha", "Gamma", "Beta"]
    assert names(f"level={gold.pk}") == ["Alpha", "Gamma"]
    assert names("kind=cloud") == ["Gamma", "Beta"]
    assert names("status=review") == ["Gamma"]
    assert names("status=public") == ["Alpha", "Beta"]
    assert names("q=bet") == ["Beta"]
    # A bad filter value is reported, never a 500.
    response = admin_client.get("/admin/sponsors/?level=999999&kind=gold-bars")
    assert response.status_code == 200
    assert response.context["form"].errors


def test_csv_export_of_sponsors_is_for_administrators_only(client):
    PublicSponsorFactory(name="=HYPERLINK(evil)", contact_email="x@sponsor.example")
    login(client, AdministratorFactory())

    response = client.get("/admin/sponsors/?export=csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Name", "Level", "Contribution kinds"]
    assert rows[1][0] == "'=HYPERLINK(evil)"  # formulas are neutralised
    assert "x@sponsor.example" in rows[1]

    client.logout()
    login(client, ModeratorFactory())
    assert client.get("/admin/sponsors/").status_code == 200
    refused = client.get("/admin/sponsors/?export=csv")
    assert refused.status_code == 302
    assert "text/csv" not in refused.get("Content-Type", "")


def test_csv_export_of_inquiries_follows_the_filters(admin_client):
    InquiryFactory(organisation="Kept", state=InquiryState.NEW)
    InquiryFactory(organisation="Filtered out", state=InquiryState.DECLINED)

    response = admin_client.get("/admin/sponsors/inquiries/?state=new&export=csv")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[1] for row in rows[1:]] == ["Kept"]


def test_inquiry_list_filters_and_counts(admin_client):
    InquiryFactory(organisation="One", state=InquiryState.NEW)
    InquiryFactory(organisation="Two", state=InquiryState.CONTACTED)

    response = admin_client.get("/admin/sponsors/inquiries/?state=contacted")

    assert [i.organisation for i in response.context["page"].object_list] == ["Two"]
    assert response.context["counts"] == {"new": 1, "contacted": 1, "agreed": 0, "declined": 0}
    bad = admin_client.get("/admin/sponsors/inquiries/?received_from=yesterday")
    assert bad.status_code == 200 and bad.context["form"].errors


def test_levels_are_created_and_ordered(admin_client):
    response = admin_client.post(
        "/admin/sponsors/levels/add/",
        {"name_en": "Gold", "sort_order": "5", "logo_size": "large", "benefits_en": ""},
    )
    assert response.status_code == 302
    level = SponsorLevel.objects.get()
    assert (level.name_en, level.sort_order, level.logo_size) == ("Gold", 5, "large")
    refused = admin_client.post(
        "/admin/sponsors/levels/add/", {"name_en": "", "sort_order": "x", "logo_size": "huge"}
    )
    assert refused.status_code == 200
    assert SponsorLevel.objects.count() == 1


def test_a_level_with_sponsors_cannot_be_deleted(admin_client):
    sponsor = SponsorFactory()

    response = admin_client.post(f"/admin/sponsors/levels/{sponsor.level_id}/delete/", follow=True)

    assert "This level still has sponsors" in response.content.decode()
    assert SponsorLevel.objects.filter(pk=sponsor.level_id).exists()
    empty = SponsorLevelFactory()
    admin_client.post(f"/admin/sponsors/levels/{empty.pk}/delete/")
    assert not SponsorLevel.objects.filter(pk=empty.pk).exists()


def test_dashboard_shows_what_waits(client):
    InquiryFactory()
    SponsorFactory()
    login(client, AdministratorFactory())

    page = client.get("/admin/").content.decode()

    assert "New sponsorship inquiries" in page
    assert "Sponsors awaiting review" in page


def test_admin_replaces_a_logo(admin_client):
    sponsor = SponsorFactory(logo=LogoFactory())
    old_logo = sponsor.logo_id

    admin_client.post(
        f"/admin/sponsors/{sponsor.pk}/",
        {
            **_sponsor_data(sponsor.level),
            "logo_upload": upload("new.jpg", image_bytes(fmt="JPEG"), "image/jpeg"),
        },
    )

    sponsor.refresh_from_db()
    assert sponsor.logo_id != old_logo


def test_moderators_cannot_search_contact_details(client):
    PublicSponsorFactory(name="Acme", contact_email="ceo-secret@acme.example")
    login(client, ModeratorFactory())
    assert list(client.get("/admin/sponsors/?q=ceo-secret").context["page"].object_list) == []
    assert [s.name for s in client.get("/admin/sponsors/?q=acme").context["page"].object_list] == ["Acme"]


def test_a_forged_clear_box_on_the_logo_is_harmless(admin_client):
    level = SponsorLevelFactory()
    response = admin_client.post("/admin/sponsors/add/", {**_sponsor_data(level), "logo_upload-clear": "on"})
    assert response.status_code == 302
    assert Sponsor.objects.get().logo is None
