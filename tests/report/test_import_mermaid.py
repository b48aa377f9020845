"""`cjm import mermaid`: Mermaid's journey grammar, corner by corner, and the round trip."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from cjm.api import load
from cjm.interop.mermaid import MermaidError, convert, parse
from cjm.loader import load_text
from cjm.validate import validate_document

SAMPLES = Path(__file__).resolve().parents[2] / "sample_maps"


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


DOCS_EXAMPLE = """\
journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
"""

# Each corner of the grammar, with what the import must make of it.
CORNERS = {
    "front matter title and config": (
        """\
        ---
        title: Onboarding
        config:
          journey:
            taskMargin: 60
        ---
        journey
          section Sign up
            Fill in the form: 2: Trial user
        """,
        {"title": "Onboarding", "stages": [("sign-up", "Sign up", [("tp-fill-in-the-form", "Fill in the form", 2)])]},
    ),
    "accessibility, comments and directives": (
        """\
        %%{init: {"theme": "forest"}}%%
        %% a comment before the keyword
        journey
          %% a comment
          title Checkout   # a trailing comment
          accTitle: Checkout journey
          accDescr {
            How a shopper pays,
              line by line
          }
          section Pay
            Card form: 3: Shopper  # trailing comment
        """,
        {"title": "Checkout", "description": "How a shopper pays,\\nline by line",
         "x-mermaid-acc-title": "Checkout journey",
         "stages": [("pay", "Pay", [("tp-card-form", "Card form", 3)])]},
    ),
    "single-line accDescr and accTitle as the only title": (
        """\
        journey
        accTitle: Returns
        accDescr: Sending a parcel back
        section Return
        Print label: 4
        """,
        {"title": "Returns", "description": "Sending a parcel back",
         "stages": [("return", "Return", [("tp-print-label", "Print label", 4)])]},
    ),
    "repeated sections, no actors, trailing colon, irregular spacing": (
        """\
        JOURNEY
        title   Day
        section Work
        Make tea:5
           Do work  :  1  :
        section Home
        \tRest: 4 :  Me ,  Cat
        section Work
        Make tea: 2:
        """,
        {"title": "Day", "stages": [
            ("work", "Work", [("tp-make-tea", "Make tea", 5), ("tp-do-work", "Do work", 1)]),
            ("home", "Home", [("tp-rest", "Rest", 4)]),
            ("work-2", "Work", [("tp-make-tea-2", "Make tea", 2)]),
        ]},
    ),
    "unicode names and the renderer's keyword escape": (
        "journey\n  title Zakup pralki\n  section Оплата\n    \u200btitle page∶ step 2: 2: Анна\n    Płatność BLIK: 4: Анна\n",
        {"title": "Zakup pralki", "stages": [
            ("oplata", "Оплата", [("tp-title-page-step-2", "title page∶ step 2", 2), ("tp-platnosc-blik", "Płatność BLIK", 4)]),
        ]},
    ),
}


def _shape(data: dict) -> dict:
    out = {"title": data["title"], "stages": [
        (s["id"], s["name"], [(t["id"], t["name"], t.get("emotion")) for t in s.get("touchpoints", [])])
        for s in data["stages"]
    ]}
    for key in ("description", "x-mermaid-acc-title"):
        if key in data:
            out[key] = data[key]
    return out


@pytest.mark.parametrize("name", sorted(CORNERS))
def test_grammar_corners(name):
    text, expected = CORNERS[name]
    expected = {k: v.replace("\\n", "\n") if isinstance(v, str) else v for k, v in expected.items()}
    result, notes = convert(dedent(text) if not text.startswith("journey\n  title Zakup") else text, "d.mmd")
    checked = validate_document(load_text(result, "out.yaml"))
    assert checked.ok, checked.problems
    assert _shape(yaml.safe_load(result)) == expected
    assert [n for n in notes if n.lost] == []


def test_actors_become_personas_and_tasks_keep_theirs():
    data = yaml.safe_load(convert(DOCS_EXAMPLE, "day.mmd")[0])
    assert data["persona"] == "me"
    assert data["personas"] == [{"id": "me", "name": "Me"}, {"id": "cat", "name": "Cat"}]
    work = data["stages"][0]["touchpoints"][2]
    assert work["x-actors"] == ["Me", "Cat"]


def test_what_cannot_be_converted_is_reported_with_its_line(cjm, write, tmp_path):
    path = write("odd.mmd", """\
        journey
          title Odd
          section One
            Fine: 4: Me
            No score at all
            Loud: 9: Me
            Word score: high: Me
            Extra: 3: Me: leftover
            Semi: 3: Me; more
        """)
    out = tmp_path / "odd.yaml"
    result = cjm("import", "mermaid", str(path), "-o", str(out))
    assert result.exit_code == 1, result.output
    err = result.stderr
    assert f"{path}:5: warning: 'No score at all' is not a task" in err
    assert f"{path}:6: warning: task 'Loud' has score 9; cjm emotions are whole numbers 1-5, so it became 5" in err
    assert f"{path}:7: warning: task 'Word score' has score 'high'" in err
    assert f"{path}:8: warning: text after the actors (': leftover')" in err
    assert f"{path}:9: warning: ';' is not allowed" in err
    journey = load(out)  # written anyway, and valid
    assert [tp.name for tp in journey.stages[0].touchpoints] == ["Fine", "Loud", "Word score", "Extra", "Semi"]
    assert journey.stages[0].touchpoints[2].emotion is None


@pytest.mark.parametrize(("text", "message"), [
    ("flowchart LR\n  A --> B\n", "1: not a Mermaid journey diagram: it starts with 'flowchart'"),
    ("---\ntitle: x\njourney\n", "1: front matter opened with '---' is never closed"),
    ("%% only a comment\n", "1: empty diagram"),
    ("journey\n  accDescr {\n  never closed\n", "2: accDescr { is never closed"),
])
def test_not_a_journey_is_a_usage_error(cjm, write, text, message):
    path = write("bad.mmd", text)
    result = cjm("import", "mermaid", str(path))
    assert result.exit_code == 2
    assert f"cjm: error: {path}:{message}" in result.stderr
    assert result.stdout == ""


def test_ids_are_stable_and_unique_and_stdin_works(cjm):
    first = cjm("import", "mermaid", "-", input=DOCS_EXAMPLE)
    assert first.exit_code == 0, first.output
    assert first.stdout == cjm("import", "mermaid", "-", input=DOCS_EXAMPLE).stdout
    data = yaml.safe_load(first.stdout)
    ids = [data["id"]] + [p["id"] for p in data["personas"]] + [s["id"] for s in data["stages"]] + [
        t["id"] for s in data["stages"] for t in s["touchpoints"]]
    assert len(ids) == len(set(ids))


def test_crlf_and_bom_are_read():
    diagram = parse("\ufeffjourney\r\n  title T\r\n  section S\r\n    A: 3: Me\r\n")
    assert diagram.title == "T" and diagram.sections[0].tasks[0].name == "A"


def test_missing_file_exits_2(cjm, tmp_path):
    result = cjm("import", "mermaid", str(tmp_path / "nope.mmd"))
    assert result.exit_code == 2 and "path not found" in result.stderr


def test_parse_error_carries_line():
    with pytest.raises(MermaidError) as err:
        parse("\n\nsequenceDiagram\n")
    assert err.value.line == 3


# ---------------------------------------------------------------------------------------------
# round trip with `cjm render --format mermaid` (cjm.render.mermaid, built on the render branch)


def _meaning(text: str) -> tuple:
    """What Mermaid draws: title, and per section its tasks with score and actors."""
    d = parse(text)
    return (d.title or d.front_title, [
        (s.name, [(t.name, t.score, tuple(t.actors)) for t in s.tasks]) for s in d.sections
    ])


def _import(text: str):
    result, _notes = convert(text, "x.mmd")
    checked = validate_document(load_text(result, "x.yaml"))
    assert checked.ok, checked.problems
    return checked.map


RENDERER_STYLE = """\
journey
  title Pierwszy zakup
  section Świadomość
    Reklama na Instagramie: 4: Maya
    Wynik wyszukiwania: 3: Maya
  section Оплата
    Корзина и оплата: 2: Maya
  section \u200bSection
    \u200btitle card: 5: Maya
"""


def test_renderer_output_comes_back_byte_for_byte():
    mermaid = pytest.importorskip("cjm.render.mermaid")
    assert mermaid.render(_import(RENDERER_STYLE)) == RENDERER_STYLE


@pytest.mark.parametrize("name", ["repeated sections, no actors, trailing colon, irregular spacing",
                                  "unicode names and the renderer's keyword escape",
                                  "front matter title and config"])
def test_corner_diagrams_draw_the_same_after_the_round_trip(name):
    mermaid = pytest.importorskip("cjm.render.mermaid")
    text = CORNERS[name][0]
    text = dedent(text) if not text.startswith("journey\n  title Zakup") else text
    again = mermaid.render(_import(text))
    title, sections = _meaning(text)
    title2, sections2 = _meaning(again)
    assert title2 == title
    # Mermaid draws a task without actors the same whoever the persona is; compare names and scores.
    assert [(s, [(n, sc) for n, sc, _a in ts]) for s, ts in sections2] == \
        [(s, [(n, sc if sc is not None else 3.0) for n, sc, _a in ts]) for s, ts in sections]


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.yaml")))
def test_sample_maps_survive_render_import_render(sample):
    mermaid = pytest.importorskip("cjm.render.mermaid")
    first = mermaid.render(load(SAMPLES / sample))
    assert mermaid.render(_import(first)) == first


def test_tasks_before_the_first_section_get_a_stage_of_their_own():
    text, notes = convert("journey\n  Early: 3: Me\n  title Day\n  section Work\n    Later: 4: Me\n", "d.mmd")
    data = yaml.safe_load(text)
    assert [(s["id"], s["name"]) for s in data["stages"]] == [("day", "Day"), ("work", "Work")]
    assert [(n.line, n.lost) for n in notes] == [(2, False)]


TRICKY_TEXT = ["yes", "No", "On", "010", "0x1F", "1e3", ".inf", "null", "~", "2026-01-01", "@home",
               "- dash", "Re: order", "a #b", "x:", "'quoted'", '"dq"', "tab\there", "nel\x85x",
               "ls\u2028x", "bom\ufeffx", "Ąę — Юя", "[x]", "{y}", "!tag", "&a", "*b", "%p", "`t", "|",
               ">", "?", "a\\b", "two\nlines", " padded "]


@pytest.mark.parametrize("text", TRICKY_TEXT)
def test_written_yaml_reads_back_exactly(text):
    from cjm.interop.mermaid import to_yaml

    data = {"cjm": 1, "id": "x", "title": text, "description": text,
            "stages": [{"id": "s", "name": text, "touchpoints": [{"id": "tp", "name": text, "x-actors": [text]}]}]}
    written = to_yaml(data, ["header"])
    assert yaml.safe_load(written) == data
    assert load_text(written, "x.yaml").data == data  # cjm's own loader (LibYAML events)


def test_a_polish_import_is_told_what_it_left_out_in_polish(cjm, write, tmp_path):
    path = write("polska.mmd", "journey\n  title Zakup\n  section Wybór\n    Strona: 9: Anna\n")
    out = tmp_path / "zakup.yaml"
    result = cjm("import", "mermaid", str(path), "-o", str(out), "--lang", "pl")
    assert result.exit_code == 1, result.output  # the score changed: a warning
    assert result.stderr.splitlines() == [
        f"{path}:4: warning: zadanie 'Strona' ma ocenę 9; emocje w cjm to liczby całkowite 1–5, "
        "więc przyjęto 5",
        f"Zapisano {out}: 1 etap, 1 punkt styku.",
    ]
