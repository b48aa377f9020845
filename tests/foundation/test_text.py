"""The one copy of each text helper: what a user sees when map text reaches Markdown, an id or a
terminal table."""

from __future__ import annotations

from cjm.text import cell_width, did_you_mean, markdown, slug


def test_markdown_keeps_map_text_from_breaking_tables_or_opening_html() -> None:
    assert markdown("A | B") == "A \\| B"
    assert markdown("*bold* _it_ `code` [link] #1 ~~gone~~") == (
        "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\] \\#1 \\~\\~gone\\~\\~"
    )
    assert markdown("<script>alert(1)</script> & AT&amp;T") == (
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; AT&amp;amp;T"
    )
    assert markdown("two\nlines,   spaced\t") == "two lines, spaced"
    assert markdown("back\\slash") == "back\\\\slash"
    assert markdown(None) == ""


def test_slug_makes_readable_ids_in_any_language() -> None:
    assert slug("Zakup i odbiór") == "zakup-i-odbior"
    assert slug("Оплата заказа") == "oplata-zakaza"
    assert slug("Sign_Up now!") == "sign_up-now"  # '_' is allowed in ids
    assert slug("???") == ""
    long = slug("word " * 30)
    assert len(long) <= 48 and not long.endswith("-")
    assert len(slug("x" * 100, max_len=64)) == 64


def test_did_you_mean_only_suggests_close_words() -> None:
    assert did_you_mean("selct", ["select", "ignore"]) == "select"
    assert did_you_mean("zzz", ["select", "ignore"]) is None


def test_cell_width_counts_terminal_columns() -> None:
    assert cell_width("Kauf") == 4
    assert cell_width("購入") == 4  # wide characters take two columns
    assert cell_width("e\u0301") == 1  # a combining accent takes none


def test_backticks_in_cjm_messages_stay_code() -> None:
    from cjm.text import markdown_with_code

    assert markdown_with_code("add `reviewed: YYYY-MM-DD` to *this*") == (
        "add `reviewed: YYYY-MM-DD` to \\*this\\*"
    )
    assert markdown_with_code("one ` tick") == "one \\` tick"
