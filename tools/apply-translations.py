"""Fill a .po catalog's untranslated (or fuzzy) messages from a Python table of translations.

Usage: python tools/apply-translations.py TABLE.py LANG [LANG...]. TABLE.py defines ``T``:
msgid (the singular for plural messages), or ``(context, msgid)`` for a message with a gettext
context (``pgettext``) -> {lang: text, or a tuple of plural forms}. Messages the table does not
cover are left as they are (tools/check-po.py lists them).
"""
import runpy
import sys

from babel.messages.pofile import read_po, write_po

table = runpy.run_path(sys.argv[1])["T"]
for lang in sys.argv[2:]:
    path = f"cjm/i18n/{lang}.po"
    with open(path, "rb") as fh:
        catalog = read_po(fh, locale=lang)
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if message.context:
            key = (message.context, key)
        if key not in table or lang not in table[key]:
            continue
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if all(strings) and not message.fuzzy:
            continue
        text = table[key][lang]
        if isinstance(message.id, str):
            message.string = text if isinstance(text, str) else text[0]
        else:
            forms = catalog.num_plurals
            forms_text = (text,) * forms if isinstance(text, str) else tuple(text)
            message.string = tuple(forms_text[min(i, len(forms_text) - 1)] for i in range(forms))
        message.flags.discard("fuzzy")
        message.previous_id = []
    with open(path, "wb") as fh:
        write_po(fh, catalog, width=0, ignore_obsolete=True, include_previous=False)
