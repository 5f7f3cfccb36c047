from tests.news.conftest import home, index, spanish_tree  # noqa: F401  (shared fixtures)
