"""The diff's participles agree with the element's noun: "Kanał: dodany", "Szansa: dodana",
"Pożądane działanie: dodane". Each language with a masculine, a feminine and (where the format
has one) a neuter element, added and then removed; the words are written here by hand, not read
from the catalogs, so a catalog that gets a gender wrong fails."""

from __future__ import annotations

import pytest

OLD = """\
cjm: 1
id: m
title: Mapa
lang: {lang}
stages:
  - id: s1
    name: Etap
    pain_points:
      - id: p1
        name: Ból
        severity: high
"""

NEW = """\
cjm: 1
id: m
title: Mapa
lang: {lang}
channels:
  - id: kiosk
    name: Kiosk
    kind: physical
stages:
  - id: s1
    name: Etap
    pain_points:
      - id: p1
        name: Ból
        severity: high
    opportunities:
      - id: o1
        name: Szybciej
        addresses: [p1]
    desired_actions:
      - id: d1
        name: Kupić
"""

# language -> (noun and participle when added, ... when removed) for the channel, the
# opportunity and the desired action
EXPECTED = {
    # kanał (m), szansa (f), działanie (n)
    "pl": (('Kanał "Kiosk": dodany', 'Szansa "Szybciej" (s1): dodana',
            'Pożądane działanie "Kupić" (s1): dodane'),
           ('Kanał "Kiosk": usunięty', 'Szansa "Szybciej" (s1): usunięta',
            'Pożądane działanie "Kupić" (s1): usunięte')),
    # канал (m), возможность (f), действие (n)
    "ru": (('Канал "Kiosk": добавлен', 'Возможность "Szybciej" (s1): добавлена',
            'Целевое действие "Kupić" (s1): добавлено'),
           ('Канал "Kiosk": удалён', 'Возможность "Szybciej" (s1): удалена',
            'Целевое действие "Kupić" (s1): удалено')),
    # канал (m), възможност (f), действие (n)
    "bg": (('Канал "Kiosk": добавен', 'Възможност "Szybciej" (s1): добавена',
            'Желано действие "Kupić" (s1): добавено'),
           ('Канал "Kiosk": премахнат', 'Възможност "Szybciej" (s1): премахната',
            'Желано действие "Kupić" (s1): премахнато')),
    # канал (m), можливість (f), дія (f): no element of the format is neuter in Ukrainian
    "uk": (('Канал "Kiosk": доданий', 'Можливість "Szybciej" (s1): додана',
            'Цільова дія "Kupić" (s1): додана'),
           ('Канал "Kiosk": вилучений', 'Можливість "Szybciej" (s1): вилучена',
            'Цільова дія "Kupić" (s1): вилучена')),
    # der Kanal, die Chance, die Aktion: a German predicate does not inflect
    "de": (('Kanal "Kiosk": neu', 'Chance "Szybciej" (s1): neu', 'Gewünschte Aktion "Kupić" (s1): neu'),
           ('Kanal "Kiosk": entfällt', 'Chance "Szybciej" (s1): entfällt',
            'Gewünschte Aktion "Kupić" (s1): entfällt')),
}


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_added_and_removed_agree_with_the_noun(cjm, tmp_path, lang):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(OLD.format(lang=lang), encoding="utf-8")
    new.write_text(NEW.format(lang=lang), encoding="utf-8")
    added, removed = EXPECTED[lang]
    forward = cjm("diff", str(old), str(new))
    assert forward.exit_code == 0, forward.stderr
    for line in added:
        assert f"+ {line}" in forward.stdout, forward.stdout
    backward = cjm("diff", str(new), str(old))
    for line in removed:
        assert f"- {line}" in backward.stdout, backward.stdout
