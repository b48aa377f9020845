"""Check one cjm .po catalog: parses, every message translated, placeholders kept, plurals complete."""
import re, sys
from babel.messages.pofile import read_po
path, lang = sys.argv[1], sys.argv[2]
with open(path, "rb") as fh:
    cat = read_po(fh, locale=lang)
bad = 0
PH = re.compile(r"%\(\w+\)s")
for m in cat:
    if not m.id:
        continue
    ids = [m.id] if isinstance(m.id, str) else list(m.id)
    strs = [m.string] if isinstance(m.string, str) else list(m.string)
    if m.fuzzy or not all(strs):
        print("UNTRANSLATED:", ids[0]); bad += 1; continue
    want = set(PH.findall(ids[-1])) | set(PH.findall(ids[0]))
    for s in strs:
        got = set(PH.findall(s))
        if got - want or (want - got and not (isinstance(m.id, tuple) and want - got <= {"%(num)s"})):
            print("PLACEHOLDERS:", ids[0], "->", s); bad += 1
    if isinstance(m.id, tuple) and len(strs) != cat.num_plurals:
        print("PLURALS:", ids[0], len(strs), "expected", cat.num_plurals); bad += 1
print(f"{len(cat)} messages, {bad} problems")
sys.exit(1 if bad else 0)
