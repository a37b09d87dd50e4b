import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from plein.search.backends.postgres import tsquery_sql
from plein.search.backends.sqlite import match_expression
from plein.search.text import Query, parse_query, stem, stemmed, words


def test_words_are_lowercased_without_punctuation_or_stop_words() -> None:
    assert words("Hoe gaan jullie om met WACHTLIJSTEN in de jeugdzorg?!") == [
        "wachtlijsten",
        "jeugdzorg",
    ]


def test_dutch_plurals_share_a_stem() -> None:
    assert stem("wachtlijsten") == stem("wachtlijst") == "wachtlijst"
    assert stemmed("Keukentafelgesprekken met mantelzorgers") == "keukentafelgesprek mantelzorger"


def test_the_last_word_is_a_prefix() -> None:
    assert parse_query("Ervaringen met wachtl") == Query(("ervaringen",), "wachtl")


def test_a_prefix_is_kept_unstemmed_only_where_its_stem_would_miss() -> None:
    assert parse_query("gemeen").unstemmed_prefix == "gemeen"  # stem "gemen"
    assert parse_query("wachtlijsten").unstemmed_prefix is None  # stem "wachtlijst"


def test_a_short_last_word_is_no_prefix() -> None:
    assert parse_query("wachtlijst jo") == Query(("wachtlijst", "jo"))


def test_only_stop_words_is_an_empty_query() -> None:
    assert not parse_query("Hoe gaan jullie om met de ?")
    assert not parse_query("")
    assert not parse_query("🙂 -- ** ^^ () : \"'")


def test_a_long_text_is_cut_to_a_bounded_query() -> None:
    query = parse_query(" ".join(f"woord{n}" for n in range(5000)))
    assert len(query.words) == 24
    assert query.prefix is None  # the text was cut off, so its end is not being typed


def test_fts_operators_are_plain_words() -> None:
    expression = match_expression(parse_query('wachtlijst AND "jeugd" OR NEAR(x y) -zorg^ col:* ('))
    # Quoted, an operator is a word like any other ("or" is not a stop word).
    assert expression == '"wachtlijst" OR "jeugd" OR "or" OR "near" OR "zorg" OR "col"*'


SAFE_FTS = re.compile(r'^("[^\W_]+"\*?)( OR "[^\W_]+"\*?)*$')
# Words, the last one perhaps a prefix (facet words carry a mark no typed word has).
SAFE_TSQUERY = re.compile(r"^[^\W_]+(:\*)?( \| [^\W_]+(:\*)?)*$")


@given(st.text(max_size=300))
def test_any_text_gives_a_safe_query(text: str) -> None:
    query = parse_query(text)
    if not query:
        return
    assert SAFE_FTS.match(match_expression(query))
    _sql, params = tsquery_sql(query)
    for param in params:
        assert SAFE_TSQUERY.match(str(param))


def test_accents_typed_as_letter_and_mark_are_the_same_word() -> None:
    composed = "coördinatie café"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert words(decomposed) == words(composed) == ["coördinatie", "café"]
