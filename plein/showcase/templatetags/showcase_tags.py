from urllib.parse import urlencode

from django import template
from django.urls import reverse

from plein.members.models import Member
from plein.posts.models import Post, Reply

register = template.Library()


@register.simple_tag
def feature_url(target: object) -> str:
    """The feature form for a post, an answer or a member; empty for anything else (a
    comment cannot be featured)."""
    if isinstance(target, Post):
        query = {"post": target.pk}
    elif isinstance(target, Reply) and target.is_answer:
        query = {"reply": target.pk}
    elif isinstance(target, Member):
        query = {"member": target.pk}
    else:
        return ""
    return f"{reverse('showcase:new')}?{urlencode(query)}"
