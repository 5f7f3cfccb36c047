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

__all__ = [
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
