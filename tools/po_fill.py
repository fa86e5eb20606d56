"""Developer tool: fill Vietnamese msgstr entries from a mapping, then compile the .mo.

    python tools/po_fill.py PATH/django.po translations.json

The JSON maps msgid to msgstr (or, for plurals, to a list of one form). Entries already
translated are kept unless the mapping names them. Prints the msgids still untranslated.
"""

import json
import sys

import polib


def main(po_path: str, mapping_path: str | None = None) -> int:
    po = polib.pofile(po_path)
    mapping = json.load(open(mapping_path, encoding="utf-8")) if mapping_path else {}
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid in mapping:
            value = mapping[entry.msgid]
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value]
                entry.msgstr_plural = {i: f for i, f in enumerate(forms)}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Language"] = "vi"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save()
    po.save_as_mofile(po_path[:-3] + ".mo")
    missing = [
        e.msgid for e in po
        if not e.obsolete and ("fuzzy" in e.flags or not (
            e.msgstr or (e.msgid_plural and all(e.msgstr_plural.values()))))
    ]
    for msgid in missing:
        print("UNTRANSLATED:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
