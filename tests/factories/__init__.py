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

__all__ = [
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
