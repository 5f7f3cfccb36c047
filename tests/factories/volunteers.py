import factory

from tests.factories.accounts import MemberFactory
from volunteers.models import Application, ApplicationState, JoinPolicy, Team, Volunteer, VolunteerLanguage


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"team-{n}")
    name_en = factory.Sequence(lambda n: f"Team {n}")
    description_en = "What the team does."
    join_policy = JoinPolicy.APPROVAL
    sort_order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def leads(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.leads.add(*extracted)


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer
        skip_postgeneration_save = True

    user = factory.SubFactory(MemberFactory)
    display_name = factory.Sequence(lambda n: f"Volunteer {n}")
    country = "Spain"
    timezone = "Europe/Madrid"
    skills = factory.LazyFunction(lambda: ["packaging"])
    hours_per_week = 5
    heard_from = "forum"
    contact_ok = True

    @factory.post_generation
    def languages(obj, create, extracted, **kwargs):
        if create:
            for code in extracted if extracted is not None else ["en"]:
                VolunteerLanguage.objects.create(volunteer=obj, code=code)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A pending application from a registered volunteer."""

    class Meta:
        model = Application

    user = factory.LazyAttribute(lambda o: VolunteerFactory().user)
    team = factory.SubFactory(TeamFactory)
    state = ApplicationState.PENDING
