"""Check one cjm .po catalog: it parses, every message is translated, placeholders are kept and
plural messages have every form the language needs.

Usage: python tools/check-po.py cjm/i18n/LANG.po LANG (exit 1 when it lists a problem). Why a
script beside the tests: run after tools/apply-translations.py, it names every message left to
translate at once, where the test suite stops at the first language that is incomplete.
"""
import re
import sys

from babel.messages.pofile import read_po

PLACEHOLDER = re.compile(r"%\(\w+\)s")


def problems(path: str, lang: str) -> tuple[int, list[str]]:
    with open(path, "rb") as fh:
        catalog = read_po(fh, locale=lang)
    found: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        plural = not isinstance(message.id, str)
        ids = list(message.id) if plural else [message.id]
        strings = list(message.string) if plural else [message.string]
        if message.fuzzy or not all(strings):
            found.append(f"UNTRANSLATED: {ids[0]}")
            continue
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for text in strings:
            got = set(PLACEHOLDER.findall(text))
            # a plural form may leave out the number ("one item" says it in words)
            if got - wanted or (wanted - got and not (plural and wanted - got <= {"%(num)s"})):
                found.append(f"PLACEHOLDERS: {ids[0]} -> {text}")
        if plural and len(strings) != catalog.num_plurals:
            found.append(f"PLURALS: {ids[0]} {len(strings)} expected {catalog.num_plurals}")
    return len(catalog), found


if __name__ == "__main__":
    count, found = problems(sys.argv[1], sys.argv[2])
    for line in found:
        print(line)
    print(f"{count} messages, {len(found)} problems")
    sys.exit(1 if found else 0)
