import pytest

from tests.factories.news import make_home, make_index, translate


@pytest.fixture
def home(db):
    return make_home()


@pytest.fixture
def index(home):
    return make_index(home)


@pytest.fixture
def spanish_tree(home, index, django_capture_on_commit_callbacks):
    """Spanish home page and news index, translated and published."""
    es_home = translate(home, "es", {"Home": "Inicio"}, capture=django_capture_on_commit_callbacks)
    es_index = translate(index, "es", {"News": "Noticias"}, capture=django_capture_on_commit_callbacks)
    return es_home, es_index
