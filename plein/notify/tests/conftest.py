import pytest

from plein.core.testing import Personas


@pytest.fixture
def english(personas: Personas) -> Personas:
    """Every persona reads English, for tests that look for English words (the personas
    speak Dutch by default, and the Dutch catalogue would change those words)."""
    for member in [
        personas.member,
        personas.colleague,
        personas.other_org_member,
        personas.community_manager,
    ]:
        member.preferred_language = "en"
        member.save(update_fields=["preferred_language"])
    return personas
