"""The author rule in templates (DESIGN.md rule 4): `{% load authors %}{% author obj as who %}`
gives the persona to show for obj's author to this viewer, and
`{% include "core/includes/author.html" %}` shows it. No template reads `.author` itself
(tests/test_author_rule.py checks every template)."""

from django import template
from django.template.context import Context

from plein.core.authors import Authored, Persona, author_for

register = template.Library()


@register.simple_tag(takes_context=True)
def author(context: Context, obj: Authored) -> Persona:
    return author_for(obj, context["request"].user)
