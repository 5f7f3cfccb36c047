from django.utils import timezone

import factory

from announcements.models import Campaign, Subscriber


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber reading English."""

    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    language = "en"
    state = Subscriber.State.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)


class CampaignFactory(factory.django.DjangoModelFactory):
    """A draft campaign for a published news update (pass page=...)."""

    class Meta:
        model = Campaign

    state = Campaign.State.DRAFT
