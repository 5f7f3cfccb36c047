"""Demo sponsors for `make run`: levels, a few sponsors with generated logos,
one inquiry, and a couple of contributors on the wall. Idempotent."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from PIL import Image as PILImage
from PIL import ImageDraw

from sponsors.models import LogoSize, Sponsor, SponsorLevel, SponsorshipInquiry
from sponsors.services import logo_create

LEVELS = [
    # (order, English, Spanish, logo size, benefits)
    (
        10,
        "Principal sponsors",
        "Patrocinadores principales",
        LogoSize.LARGE,
        "Large logo on the sponsors page and the home page; named in every release announcement.",
    ),
    (20, "Sponsors", "Patrocinadores", LogoSize.MEDIUM, "Logo on the sponsors page and the home page."),
    (30, "Supporters", "Colaboradores", LogoSize.SMALL, ""),
]

SPONSORS = [
    # (name, level order, kinds, colour, acknowledgement, Spanish acknowledgement)
    (
        "Northwind Cloud",
        10,
        ["cloud", "money"],
        (32, 96, 160),
        "Hosts our build farm and mirrors, and funds the release engineering team.",
        "Aloja nuestra granja de compilación y las réplicas, y financia al equipo de ingeniería de versiones.",
    ),
    (
        "Contoso Hardware",
        20,
        ["hardware"],
        (160, 64, 32),
        "Gave the test lab its servers for x86_64 and aarch64.",
        "Donó los servidores del laboratorio de pruebas para x86_64 y aarch64.",
    ),
    (
        "Fabrikam Services",
        20,
        ["developers", "services"],
        (48, 128, 64),
        "Two developers work on packaging and security full time.",
        "Dos desarrolladores trabajan a tiempo completo en el empaquetado y la seguridad.",
    ),
    ("Tailspin Networks", 30, ["services"], (110, 60, 150), "Provides our DNS and content delivery.", ""),
]


def _logo_file(name: str, colour) -> SimpleUploadedFile:
    image = PILImage.new("RGB", (480, 200), colour)
    draw = ImageDraw.Draw(image)
    initials = "".join(word[0] for word in name.split()[:2])
    draw.text((40, 60), initials, fill=(255, 255, 255), font_size=96)
    draw.text((180, 90), name, fill=(255, 255, 255), font_size=28)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(
        f"{name.lower().replace(' ', '-')}.png", buffer.getvalue(), content_type="image/png"
    )


def ensure_sponsors() -> None:
    with transaction.atomic():
        levels = {}
        for order, name, name_es, size, benefits in LEVELS:
            level = SponsorLevel.objects.filter(sort_order=order).first()
            if level is None:
                level = SponsorLevel.objects.create(
                    sort_order=order, name_en=name, name_es=name_es, logo_size=size, benefits_en=benefits
                )
            levels[order] = level
        today = timezone.localdate()
        for name, order, kinds, colour, ack, ack_es in SPONSORS:
            if Sponsor.objects.filter(name=name).exists():
                continue
            Sponsor.objects.create(
                name=name,
                website=f"https://{name.split()[0].lower()}.example",
                level=levels[order],
                kinds=kinds,
                acknowledgement_en=ack,
                acknowledgement_es=ack_es,
                start_date=today - datetime.timedelta(days=90),
                end_date=today + datetime.timedelta(days=275)
                if order != 30
                else today + datetime.timedelta(days=20),
                is_public=True,
                contact_name="Pat Example",
                contact_email=f"sponsorship@{name.split()[0].lower()}.example",
                logo=logo_create(upload=_logo_file(name, colour), title=name, user=None),
            )
        if not SponsorshipInquiry.objects.exists():
            SponsorshipInquiry.objects.create(
                organisation="Adventure Works",
                contact_name="Sam Rivera",
                contact_email="sam@adventure-works.example",
                kinds=["hardware", "money"],
                message="We would like to donate two build servers and sponsor the next release.",
                language="es",
            )
        User = get_user_model()
        for email, public_name in [
            ("translator-es@example.org", "Lucía (es)"),
            ("moderator@example.org", ""),
        ]:
            User.objects.filter(email=email, thank_publicly=False).update(
                thank_publicly=True, public_name=public_name
            )
