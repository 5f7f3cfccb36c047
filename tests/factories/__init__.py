from tests.factories.accounts import (
    AdministratorFactory,
    MemberFactory,
    ModeratorFactory,
    ReviewerFactory,
    SuperuserFactory,
    TeamLeadFactory,
    TranslatorFactory,
    give_totp,
    totp_code,
)
from tests.factories.sponsors import (
    InquiryFactory,
    LogoFactory,
    PublicSponsorFactory,
    SponsorFactory,
    SponsorLevelFactory,
)
from tests.factories.volunteers import ApplicationFactory, TeamFactory, VolunteerFactory

__all__ = [
    "ApplicationFactory",
    "TeamFactory",
    "VolunteerFactory",
    "InquiryFactory",
    "LogoFactory",
    "PublicSponsorFactory",
    "SponsorFactory",
    "SponsorLevelFactory",
    "AdministratorFactory",
    "MemberFactory",
    "ModeratorFactory",
    "ReviewerFactory",
    "SuperuserFactory",
    "TeamLeadFactory",
    "TranslatorFactory",
    "give_totp",
    "totp_code",
]
