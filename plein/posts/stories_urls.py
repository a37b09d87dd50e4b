"""Stories and blog posts (included by plein.posts.urls)."""

story_urlpatterns: list = []
