import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wagtail.images import get_image_model

import factory
from PIL import Image as PILImage

from sponsors.models import InquiryState, LogoSize, Sponsor, SponsorLevel, SponsorshipInquiry


def image_bytes(width=400, height=200, fmt="PNG", colour=(20, 90, 160)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name="logo.png", content=None, content_type="image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes() if content is None else content, content_type=content_type)


class LogoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    class Params:
        width = 400
        height = 200

    title = factory.Sequence(lambda n: f"Logo {n}")
    file = factory.LazyAttribute(lambda o: upload(content=image_bytes(o.width, o.height)))


class SponsorLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SponsorLevel

    name_en = factory.Sequence(lambda n: f"Level {n}")
    sort_order = factory.Sequence(lambda n: 10 * (n + 1))
    logo_size = LogoSize.MEDIUM


class SponsorFactory(factory.django.DjangoModelFactory):
    """A sponsor awaiting review (not public)."""

    class Meta:
        model = Sponsor

    name = factory.Sequence(lambda n: f"Sponsor {n:03d}")
    website = "https://sponsor.example"
    level = factory.SubFactory(SponsorLevelFactory)
    kinds = factory.LazyFunction(lambda: ["hardware"])
    acknowledgement_en = factory.LazyAttribute(lambda o: f"Thanks to {o.name}.")
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    end_date = None
    contact_name = "Pat Contact"
    contact_email = factory.Sequence(lambda n: f"contact{n}@sponsor.example")
    contact_language = "en"


class PublicSponsorFactory(SponsorFactory):
    is_public = True


class InquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SponsorshipInquiry

    organisation = factory.Sequence(lambda n: f"Organisation {n}")
    contact_name = "Sam Asker"
    contact_email = factory.Sequence(lambda n: f"asker{n}@org.example")
    kinds = factory.LazyFunction(lambda: ["money"])
    message = "We would like to help."
    language = "es"
    state = InquiryState.NEW
