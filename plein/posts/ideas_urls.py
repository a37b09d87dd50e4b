"""Ideas (included by plein.posts.urls): the board, an idea's page, joining, updates."""

idea_urlpatterns: list = []
