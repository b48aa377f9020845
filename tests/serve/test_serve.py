"""`cjm serve`: a folder served as a site, a save reloads the open page, a broken save keeps the
last good board under an overlay of its problems, and nothing but the rendered pages is served."""

from __future__ import annotations

import os
import signal
import socket
from pathlib import Path

import pytest
from conftest import run_cjm

from .helpers import Events, cjm_serve, live_version, request, serving


def board(title: str, map_id: str = "checkout", extra: str = "", lang: str = "") -> str:
    return (f"cjm: 1\nid: {map_id}\ntitle: {title}\n{lang}stages:\n  - id: browse\n    name: Browse\n"
            f"    touchpoints:\n      - id: visit\n        name: Visit the site\n{extra}")


def save(path: Path, text: str | bytes) -> None:
    """Save the way editors do: a new file renamed over the old one."""
    tmp = path.with_name(f".{path.name}.swp")
    if isinstance(text, bytes):
        tmp.write_bytes(text)
    else:
        tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@pytest.fixture
def maps(tmp_path: Path) -> Path:
    folder = tmp_path / "maps"
    (folder / "retail").mkdir(parents=True)
    (folder / "checkout.yaml").write_text(board("Checkout journey"), encoding="utf-8")
    (folder / "retail" / "store.yaml").write_text(board("Store visit", "store"), encoding="utf-8")
    return folder


def test_a_folder_is_served_as_the_site_with_the_reload_script(maps: Path) -> None:
    with serving(maps) as live:
        index = request(live.url, "/")
        assert index.status == 200
        assert "Checkout journey" in index.body and "Store visit" in index.body
        page = request(live.url, "/retail/store.html")
        assert page.status == 200 and "<h1>Store visit</h1>" in page.body
        assert 'href="../index.html"' in page.body  # the site's own links work as served
        assert "new EventSource(" in page.body
        assert page.headers["cache-control"] == "no-store"
        # the one script is allowed by its nonce, and no request can leave the page
        nonce = page.headers["content-security-policy"].split("'nonce-")[1].split("'")[0]
        assert f'<script nonce="{nonce}">' in page.body
        assert "default-src 'none'" in page.headers["content-security-policy"]
        assert "http://" not in page.body and "https://" not in page.body.replace("https://github.com", "")


def test_cjm_render_output_has_no_reload_script(maps: Path, tmp_path: Path) -> None:
    result = run_cjm("render", str(maps), "-o", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    for page in (tmp_path / "site").rglob("*.html"):
        assert "EventSource" not in page.read_text(encoding="utf-8")
        assert "cjm-live-overlay" not in page.read_text(encoding="utf-8")


def test_a_save_sends_reload_and_the_page_shows_the_change(maps: Path) -> None:
    with serving(maps) as live:
        before = request(live.url, "/checkout.html").body
        events = Events(live.url, before)
        try:
            save(maps / "checkout.yaml", board("Checkout, second draft"))
            assert events.next_event() == "reload"
        finally:
            events.close()
        after = request(live.url, "/checkout.html").body
        assert "<h1>Checkout, second draft</h1>" in after
        assert "Checkout, second draft" in request(live.url, "/").body  # the index follows


def test_only_the_changed_map_is_read_again(maps: Path) -> None:
    with serving(maps) as live:
        save(maps / "checkout.yaml", board("Checkout again"))
        refreshed = live.report_changing("checkout.html")
        assert [e.source for e in refreshed.checked] == [str(maps / "checkout.yaml")]
        # the store's page is the same, so its open tab gets no reload (the server sends one
        # only for a page named in `changed`)
        assert "retail/store.html" not in refreshed.changed


def test_a_page_changed_before_its_stream_opened_reloads_at_once(maps: Path) -> None:
    with serving(maps) as live:
        old = request(live.url, "/checkout.html").body
        save(maps / "checkout.yaml", board("Changed meanwhile"))
        live.wait_for(lambda: "Changed meanwhile" in request(live.url, "/checkout.html").body)
        events = Events(live.url, old)
        try:
            assert events.next_event() == "reload"
        finally:
            events.close()


def test_a_broken_save_keeps_the_last_good_board_and_shows_the_problems(maps: Path) -> None:
    with serving(maps) as live:
        good = request(live.url, "/checkout.html").body
        events = Events(live.url, good)
        try:
            save(maps / "checkout.yaml", board("Checkout journey") + "    <b>oops</b>: 1\n")
            assert events.next_event() == "reload"
        finally:
            events.close()
        page = request(live.url, "/checkout.html").body
        assert "<h1>Checkout journey</h1>" in page  # the last good board, still there
        assert 'id="cjm-live-overlay" role="alert"' in page
        assert f"{maps / 'checkout.yaml'}:10:5</code> CJM010" in page  # file:line:col and the code
        assert "&lt;b&gt;oops&lt;/b&gt;" in page and "<b>oops</b>" not in page  # escaped
        assert "The board below is the last one that could be shown" in page
        assert "Hint:" in page  # validate's hint for an unknown field

        events = Events(live.url, page)
        try:
            save(maps / "checkout.yaml", board("Checkout fixed"))
            assert events.next_event() == "reload"
        finally:
            events.close()
        fixed = request(live.url, "/checkout.html").body
        assert "<h1>Checkout fixed</h1>" in fixed and 'id="cjm-live-overlay"' not in fixed


def test_a_map_broken_from_the_start_shows_only_the_overlay(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text("cjm: 1\nid: x\ntitle: [unclosed\n", encoding="utf-8")
    with serving(path) as live:
        page = request(live.url, "/")
        assert page.status == 200
        assert 'id="cjm-live-overlay"' in page.body and "CJM001" in page.body
        assert "This map cannot be shown yet." in page.body
        events = Events(live.url, page.body)
        try:
            save(path, board("Now it works"))
            assert events.next_event() == "reload"
        finally:
            events.close()
        assert "<h1>Now it works</h1>" in request(live.url, "/").body


def test_a_readable_map_with_problems_is_rendered_and_flagged(maps: Path) -> None:
    with serving(maps) as live:
        save(maps / "checkout.yaml", board("Checkout journey", extra=(
            "    pain_points:\n      - id: slow\n        name: Slow\n        touchpoints: [nowhere]\n")))
        live.wait_for(lambda: 'id="cjm-live-overlay"' in request(live.url, "/checkout.html").body)
        page = request(live.url, "/checkout.html").body
        assert "CJM021" in page and "Slow" in page  # the new board, with its problem over it
        assert "The board below is the last one" not in page


def test_the_overlay_speaks_the_maps_language(maps: Path) -> None:
    (maps / "retail" / "store.yaml").unlink()
    save(maps / "checkout.yaml", board("Оформление заказа", lang="lang: ru\n"))
    with serving(maps) as live:
        save(maps / "checkout.yaml", board("Оформление заказа", lang="lang: ru\n") + "    oops: 1\n")
        live.wait_for(lambda: 'id="cjm-live-overlay"' in request(live.url, "/checkout.html").body)
        page = request(live.url, "/checkout.html").body
        assert '<html lang="ru">' in page
        overlay = page.split('id="cjm-live-overlay"')[1].split("</section>")[0]
        assert "1 проблема" in overlay and "Hide" not in overlay and "The board below" not in overlay


@pytest.mark.parametrize("path", [
    "/../maps/checkout.yaml", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd", "//etc/passwd",
    "/etc/passwd", "/checkout.yaml", "/retail/", "/retail", "/%ff%fe.html", "/index.html/..",
    "/__cjm/", "/outside.html",
])
def test_nothing_but_the_rendered_pages_is_served(maps: Path, tmp_path: Path, path: str) -> None:
    secret = tmp_path / "outside.yaml"
    secret.write_text(board("Secret map", "secret"), encoding="utf-8")
    (maps / "outside.yaml").symlink_to(secret)  # a symlink leading out of the folder
    with serving(maps) as live:
        reply = request(live.url, path)
        assert reply.status == 404, path
        assert "Secret map" not in reply.body and "root:" not in reply.body
        assert "Secret map" not in request(live.url, "/").body


def test_query_strings_head_and_other_methods(maps: Path) -> None:
    with serving(maps) as live:
        assert request(live.url, "/checkout.html?utm=1#x").status == 200
        head = request(live.url, "/checkout.html", "HEAD")
        assert head.status == 200 and head.body == "" and int(head.headers["content-length"]) > 1000
        assert request(live.url, "/checkout.html", "POST").status == 501
        # a web page pointing its own DNS name at 127.0.0.1 cannot read the maps
        assert request(live.url, "/", headers={"Host": "evil.example:8000"}).status == 421
        port = live.url.rstrip("/").rsplit(":", 1)[1]
        assert request(live.url, "/", headers={"Host": f"localhost:{port}"}).status == 200
        assert request(live.url, "/", headers={"Host": "localhost:8000"}).status == 421  # not its port


def test_a_renamed_map_moves_and_a_deleted_map_goes(maps: Path) -> None:
    with serving(maps) as live:
        old = request(live.url, "/checkout.html").body
        events = Events(live.url, old)
        try:
            os.rename(maps / "checkout.yaml", maps / "payment.yaml")
            assert events.next_event() == "reload"  # its page is gone: the tab reloads to say so
        finally:
            events.close()
        gone = request(live.url, "/checkout.html")
        assert gone.status == 404 and "Not found" in gone.body
        assert live_version(gone.body) == ("checkout.html", "")  # reloads if it comes back
        assert "<h1>Checkout journey</h1>" in request(live.url, "/payment.html").body
        (maps / "payment.yaml").unlink()
        live.wait_for(lambda: request(live.url, "/payment.html").status == 404)
        assert "Checkout journey" not in request(live.url, "/").body


def test_a_served_map_file_deleted_then_restored(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(board("Solo map"), encoding="utf-8")
    with serving(path) as live:
        assert "<h1>Solo map</h1>" in request(live.url, "/").body
        path.unlink()
        live.wait_for(lambda: 'id="cjm-live-overlay"' in request(live.url, "/").body)
        page = request(live.url, "/").body
        assert "<h1>Solo map</h1>" in page and "CJM003" in page  # last good board, and why
        save(path, board("Solo map is back"))
        live.wait_for(lambda: "<h1>Solo map is back</h1>" in request(live.url, "/").body)
        assert 'id="cjm-live-overlay"' not in request(live.url, "/").body


def test_a_file_that_is_not_utf8_is_a_problem_not_a_crash(maps: Path) -> None:
    with serving(maps) as live:
        save(maps / "checkout.yaml", board("Checkout journey").encode("utf-8").replace(b"Visit", b"Vis\xffit"))
        live.wait_for(lambda: "CJM007" in request(live.url, "/checkout.html").body)
        assert "<h1>Checkout journey</h1>" in request(live.url, "/checkout.html").body


def test_a_template_edit_while_serving_rerenders_every_page(maps: Path, tmp_path: Path) -> None:
    brand = tmp_path / "brand"
    brand.mkdir()
    css = (Path(__file__).resolve().parents[2] / "templates" / "style.css").read_text(encoding="utf-8")
    (brand / "style.css").write_text(css, encoding="utf-8")
    with serving(maps, template_dir=brand) as live:
        save(brand / "style.css", css + "\n.brand-marker { color: red; }\n")
        live.wait_for(lambda: "brand-marker" in request(live.url, "/retail/store.html").body)
        assert "brand-marker" in request(live.url, "/checkout.html").body


# -- the command itself, in its own process ------------------------------------------------------

@pytest.mark.e2e
def test_the_command_prints_the_url_reports_saves_and_exits_130_on_ctrl_c(maps: Path) -> None:
    with cjm_serve(str(maps)) as (proc, url):
        assert url.startswith("http://127.0.0.1:")
        assert request(url, "/").status == 200
        events = Events(url, request(url, "/checkout.html").body)
        save(maps / "checkout.yaml", board("Checkout journey") + "  - bad\n")
        assert events.next_event() == "reload"
        events.close()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    text = err.decode()
    assert f"cjm: {maps / 'checkout.yaml'}: 1 problem; the page keeps its last good board" in text
    assert "Traceback" not in text


@pytest.mark.e2e
def test_sigterm_exits_143(maps: Path) -> None:
    with cjm_serve(str(maps)) as (proc, url):
        assert request(url, "/").status == 200
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143
    assert err.decode().endswith("cjm: terminated\n")


def test_a_port_in_use_is_a_clear_error(maps: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cjm("serve", str(maps), "--port", str(port))
    assert result.exit_code == 2
    assert result.stderr == (f"cjm: error: cannot listen on 127.0.0.1:{port}: Address already in use; another "
                             "program (or cjm serve) uses it: try --port 0 for a free port\n")


@pytest.mark.parametrize("args, message", [
    (["nowhere"], "cjm: error: path not found: nowhere\n"),
    (["."], "cjm: error: no maps found in .\n"),
])
def test_nothing_to_serve_is_a_usage_error(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_cjm("serve", *args, "--port", "0", cwd=tmp_path)
    assert result.exit_code == 2 and result.stderr == message


def test_a_map_named_in_cyrillic_with_a_space_is_served_at_its_encoded_name(tmp_path: Path) -> None:
    from urllib.parse import quote

    folder = tmp_path / "maps"
    folder.mkdir()
    (folder / "Путь клиента.yaml").write_text(board("Путь клиента", lang="lang: ru\n"), encoding="utf-8")
    with serving(folder) as live:
        index = request(live.url, "/").body
        href = f"./{quote('Путь клиента.html')}"
        assert f'href="{href}"' in index
        assert "<h1>Путь клиента</h1>" in request(live.url, href[1:]).body


def test_without_watchfiles_it_says_how_to_install_it(maps: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "watchfiles", None)  # what `import watchfiles` fails on
    result = run_cjm("serve", str(maps), "--port", "0")
    assert result.exit_code == 2
    assert result.stderr.startswith("cjm: error: cjm serve needs watchfiles: pip install watchfiles")
    assert result.stdout == ""


def test_a_wide_board_is_previewed_without_its_print_parts(tmp_path: Path) -> None:
    """The preview renders the board once (the print parts of a board wider than 8 stages are
    the board again, two thirds of the render); `cjm render` still writes them."""
    from conftest import SAMPLES

    wide = tmp_path / "wide.yaml"
    text = (SAMPLES / "mobilfunk-wechsel.yaml").read_text(encoding="utf-8")
    extra = "".join(f"  - id: extra-{i}\n    name: Extra {i}\n" for i in range(3))
    wide.write_text(text.replace("\nstages:\n", "\nstages:\n" + extra, 1), encoding="utf-8")
    rendered = run_cjm("render", str(wide), "-o", str(tmp_path / "wide.html"))
    assert rendered.exit_code == 0, rendered.output
    assert 'class="print-part"' in (tmp_path / "wide.html").read_text(encoding="utf-8")
    with serving(wide) as live:
        page = request(live.url, "/")
        assert page.status == 200 and "Extra 2" in page.body
        assert 'class="print-part"' not in page.body


def test_a_parent_board_in_the_preview_shows_its_sub_journeys(tmp_path: Path) -> None:
    import shutil

    from conftest import SAMPLES

    shutil.copytree(SAMPLES / "bank", tmp_path / "bank")
    with serving(tmp_path / "bank") as live:
        parent = request(live.url, "/bank-client.html")
        assert parent.status == 200
        assert parent.body.count('class="detail"') == 2, parent.body[:2000]
        assert 'href="card-delivery.html"' in parent.body or 'href="./card-delivery.html"' in parent.body
