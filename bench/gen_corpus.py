"""Generate a synthetic corpus of valid journey maps for cjm's benchmarks.

Why this exists: the speed targets (validate a thousand maps in seconds, diff and render one map
with thousands of elements) need input that is big, realistic and identical from run to run. Real
maps are private and few, so this script writes them: every field of the format is used, every
lane of every stage is filled, ids are unique across each map, every reference resolves, and some
text is Russian or Polish so the non-ASCII paths of the loader are measured too. The output is a
pure function of the arguments (the seed included), so a timing can be compared across commits.

The YAML is written as text with string formatting rather than through a YAML library: it is fast,
stdlib-only, and its layout never changes with a library version. Block style, 2-space indent;
every text scalar is a JSON string, which is also a valid YAML double-quoted scalar. Ids, enums,
numbers and dates are written plain (ids only ever hold ``[a-z0-9-]`` and start with a letter).

Usage::

    python bench/gen_corpus.py OUT_DIR --maps 1000 --stages 6 --touchpoints 6 --seed 1
    python bench/gen_corpus.py --big 5000 big.yaml

Scripts can import :func:`make_map` and :func:`make_big_map`.

With the default density a 6 x 6 map is about 470 lines (81 elements): every lane of every stage
has an item, the first touchpoint of every third stage carries every field and the other
touchpoints a random share of the optional ones (``TOUCHPOINT_FIELD_SHARE``), so every field of the
format appears in every map while the file stays the size of a real, well-kept map. ``--full`` puts
every field on every item (about 710 lines for 6 x 6). Map ``i`` of a corpus is drawn from
``random.Random(seed * 1_000_003 + i)``, so it is the same whatever ``--maps`` says.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import math
import random
import sys
from pathlib import Path

# --- vocabulary ------------------------------------------------------------------------------

STAGE_NAMES: tuple[tuple[str, str], ...] = (
    ("awareness", "Awareness / Świadomość"),
    ("interest", "Interest"),
    ("consideration", "Consideration / Рассмотрение"),
    ("purchase", "Purchase"),
    ("delivery", "Delivery / Dostawa"),
    ("onboarding", "Onboarding"),
    ("usage", "Usage / Использование"),
    ("support", "Support / Wsparcie"),
    ("renewal", "Renewal"),
    ("advocacy", "Advocacy / Рекомендации"),
)

TOUCHPOINT_NOUNS: tuple[tuple[str, str], ...] = (
    ("landing-page", "Landing page"),
    ("search-result", "Search result"),
    ("product-page", "Product page / Strona produktu"),
    ("cart", "Cart / Koszyk"),
    ("checkout", "Checkout / Оформление заказа"),
    ("confirmation-email", "Confirmation email"),
    ("tracking-sms", "Tracking SMS / Отслеживание"),
    ("courier-call", "Courier call / Kurier"),
    ("help-centre", "Help centre"),
    ("chat-bot", "Chat bot / Чат-бот"),
    ("review-request", "Review request / Prośba o opinię"),
    ("loyalty-app", "Loyalty app"),
    ("store-visit", "Store visit / Wizyta w sklepie"),
    ("newsletter", "Newsletter / Рассылка"),
    ("price-alert", "Price alert"),
    ("returns-portal", "Returns portal / Zwroty"),
)

CHANNELS: tuple[str, ...] = (
    "web",
    "mobile_app",
    "email",
    "social",
    "ads",
    "search",
    "store",
    "phone",
    "chat",
    "sms",
    "partner",
    "word_of_mouth",
    "mail",
)

CUSTOM_CHANNELS: tuple[tuple[str, str, str], ...] = (
    ("kiosk", "In-store kiosk / Киоск", "physical"),
    ("voice-assistant", "Voice assistant", "digital"),
    ("field-rep", "Field representative / Przedstawiciel", "human"),
    ("parcel-locker", "Parcel locker / Paczkomat", "physical"),
)

OWNERS: tuple[str, ...] = (
    "CX team",
    "E-commerce product team",
    "Performance marketing",
    "SEO team",
    "Logistics / Logistyka",
    "Customer care / Служба поддержки",
    "CRM team",
    "Retail operations",
)

BACKSTAGE: tuple[str, ...] = (
    "Shopify storefront behind a CDN",
    "Salesforce Marketing Cloud journey",
    "Zendesk ticket routing by language",
    "Warehouse management system (WMS) pick list",
    "Fraud scoring before capture / Проверка платежа",
    "Nightly ERP stock sync",
    "Courier API webhook / Integracja z kurierem",
    "Segment events into the data warehouse",
)

PROBLEMS: tuple[tuple[str, str], ...] = (
    ("delivery-cost", "Delivery cost shown only at the last step / Koszt dostawy na końcu"),
    ("slow-pages", "Pages load slowly on mobile"),
    ("no-reviews", "No reviews for new products / Нет отзывов"),
    ("long-form", "Long form with repeated fields"),
    ("unclear-status", "Order status unclear / Niejasny status zamówienia"),
    ("wait-time", "Long wait for an answer / Долгое ожидание"),
    ("sizing", "Sizing information incomplete"),
    ("payment-fail", "Card payment fails without a reason"),
)

ACTIONS: tuple[tuple[str, str], ...] = (
    ("click-through", "Click through to the store"),
    ("view-product", "Open a product page / Otworzyć stronę produktu"),
    ("add-to-cart", "Add an item to the cart"),
    ("pay", "Pay for the order / Оплатить заказ"),
    ("track", "Track the parcel"),
    ("activate", "Activate the account / Aktywować konto"),
    ("repeat", "Place a second order"),
    ("review", "Leave a review / Оставить отзыв"),
)

METRICS: tuple[tuple[str, str, str, str], ...] = (
    # slug, name, unit, direction
    ("ctr", "Click-through rate", "%", "higher_is_better"),
    ("lcp", "Largest contentful paint, p75 / Czas ładowania", "s", "lower_is_better"),
    ("conversion", "Conversion rate / Конверсия", "%", "higher_is_better"),
    ("first-response", "First response time", "min", "lower_is_better"),
    ("nps", "Net promoter score", "points", "higher_is_better"),
    ("csat", "Customer satisfaction / Zadowolenie klientów", "%", "higher_is_better"),
    ("contacts", "Contacts per order / Обращения на заказ", "contacts", "lower_is_better"),
)

THOUGHTS: tuple[str, ...] = (
    "Will it really arrive by Friday?",
    "Czy to naprawdę jest tańsze niż gdzie indziej?",
    "Почему доставка стоит так дорого?",
    "I just want to see the total price before I type my card number.",
    "Nice photos, but I can't tell how thick the fabric is.",
    "Gdzie jest moja paczka?",
)

MOMENT_KINDS: tuple[str, ...] = ("zero", "first", "second", "ultimate")
SEVERITIES: tuple[str, ...] = ("low", "medium", "high", "critical")
STATUSES: tuple[str, ...] = ("idea", "planned", "in_progress", "done")
LEVELS: tuple[str, ...] = ("low", "medium", "high")

# Share of the non-first touchpoints carrying each optional field at the default density.
TOUCHPOINT_FIELD_SHARE: dict[str, float] = {
    "description": 0.15,
    "emotion": 0.3,
    "owner": 0.15,
    "next": 0.25,
    "backstage": 0.05,
}


@functools.lru_cache(maxsize=8192)
def _q(text: str) -> str:
    """A text scalar: JSON's string syntax is a subset of YAML's double-quoted style.

    Cached because most texts repeat from map to map.
    """
    return json.dumps(text, ensure_ascii=False)


class _Writer:
    """Collects lines; ``item``/``field``/``items`` keep the indentation arithmetic in one place."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def field(self, indent: int, key: str, value: str) -> None:
        self.lines.append(f"{' ' * indent}{key}: {value}")

    def item(self, indent: int, key: str, value: str) -> None:
        """First field of a list item: ``- key: value`` with the dash at ``indent``."""
        self.lines.append(f"{' ' * indent}- {key}: {value}")

    def items(self, indent: int, key: str, values: list[str]) -> None:
        """``key:`` and a block list of already-formatted scalars under it."""
        pad = " " * indent
        self.lines.append(f"{pad}{key}:")
        self.lines.extend(f"{pad}  - {v}" for v in values)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _build(
    map_id: str,
    title: str,
    n_stages: int,
    n_touchpoints: int,
    n_items: int,
    rng: random.Random,
    full: bool,
) -> tuple[str, int]:
    """One map as YAML text and its number of elements (everything with an id)."""
    w = _Writer()
    elements = 0

    def want(field: str) -> bool:
        return full or rng.random() < TOUCHPOINT_FIELD_SHARE[field]

    # -- top level
    w.lines.append("# Synthetic map written by bench/gen_corpus.py; do not edit by hand.")
    w.field(0, "cjm", "1")
    w.field(0, "id", map_id)
    w.field(0, "title", _q(title))
    w.field(
        0,
        "description",
        _q(
            f"Synthetic journey {map_id} with {n_stages} stages for benchmarks. "
            "Opis po polsku: ścieżka klienta od pierwszego kontaktu do polecenia marki."
        ),
    )
    w.field(0, "owner", _q(rng.choice(OWNERS)))
    w.items(
        0,
        "tags",
        [
            _q("benchmark"),
            _q(rng.choice(("e-commerce", "retail", "saas"))),
            _q(rng.choice(("первая покупка", "powrót klienta", "onboarding"))),
        ],
    )
    reviewed = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(600))
    w.field(0, "reviewed", reviewed.isoformat())
    w.field(0, "state", rng.choice(("current", "current", "future")))
    w.field(0, "persona", "pe-shopper")

    w.lines.append("personas:")
    w.item(2, "id", "pe-shopper")
    w.field(
        4,
        "name",
        _q(
            rng.choice(
                ("Maya, first-time shopper", "Ольга, постоянный клиент", "Paweł, łowca okazji")
            )
        ),
    )
    w.field(
        4, "summary", _q("Buys mostly from her phone, compares prices, reads 1-star reviews first.")
    )
    w.items(
        4,
        "goals",
        [
            _q("Find the right product without visiting five shops"),
            _q("Знать точную дату доставки"),
        ],
    )
    w.items(
        4, "needs", [_q("Real photos and honest reviews"), _q("Koszt dostawy widoczny od razu")]
    )
    w.lines.append("    demographics:")
    w.field(6, "age", _q(rng.choice(("18-24", "25-34", "35-44"))))
    w.field(6, "location", _q(rng.choice(("Manchester, UK", "Kraków, Polska", "Казань, Россия"))))
    w.field(4, "psychographics", _q("Cares about design; distrusts brands she has never heard of."))
    w.lines.append("    behaviours:")
    w.field(6, "research", _q("Saves ideas on Instagram / Сохраняет идеи"))
    w.field(6, "purchase", _q("Abandons the cart when shipping costs appear late"))
    w.item(2, "id", "pe-returning")
    w.field(4, "name", _q("Returning customer / Powracający klient"))
    w.items(4, "goals", [_q("Reorder in under a minute")])
    w.items(4, "needs", [_q("Saved address and payment")])
    elements += 2

    cid, cname, ckind = rng.choice(CUSTOM_CHANNELS)
    w.lines.append("channels:")
    w.item(2, "id", cid)
    w.field(4, "name", _q(cname))
    w.field(4, "kind", ckind)
    elements += 1
    channels = CHANNELS + (cid,)

    # -- ids first, so every reference can point forward or backward
    stage_ids: list[str] = []
    tp_ids: list[list[str]] = []
    for s in range(n_stages):
        slug = STAGE_NAMES[s % len(STAGE_NAMES)][0]
        stage_ids.append(f"st{s + 1}-{slug}")
        tp_ids.append(
            [
                f"tp{s + 1}-{t + 1}-{TOUCHPOINT_NOUNS[(s * 3 + t) % len(TOUCHPOINT_NOUNS)][0]}"
                for t in range(n_touchpoints)
            ]
        )

    # completed actions shrink stage by stage, gently enough that long maps stay above zero
    base = rng.randrange(200_000, 2_000_000)
    keep_lo, keep_hi = 1 - 1.8 / (n_stages + 1), 1 - 0.4 / (n_stages + 1)
    year = reviewed.year
    period = f"{year}-Q{(reviewed.month - 1) // 3 + 1}"

    w.lines.append("stages:")
    for s in range(n_stages):
        slug, name = STAGE_NAMES[s % len(STAGE_NAMES)]
        if s >= len(STAGE_NAMES):
            name = f"{name} {s // len(STAGE_NAMES) + 1}"
        w.item(2, "id", stage_ids[s])
        w.field(4, "name", _q(name))
        w.field(4, "description", _q(f"Stage {s + 1}: what the customer does and feels here."))
        if full or s % 2 == 0:
            w.field(4, "customer_goal", _q(rng.choice(ACTIONS)[1]))
        w.field(4, "emotion", str(rng.randint(1, 5)))
        if full or s % 3 == 0:
            w.items(4, "thoughts", [_q(rng.choice(THOUGHTS))])
        elements += 1

        # touchpoints
        w.lines.append("    touchpoints:")
        for t, tid in enumerate(tp_ids[s]):
            every = full or (t == 0 and s % 3 == 0)
            noun = TOUCHPOINT_NOUNS[(s * 3 + t) % len(TOUCHPOINT_NOUNS)][1]
            w.item(6, "id", tid)
            w.field(8, "name", _q(noun if t < len(TOUCHPOINT_NOUNS) else f"{noun} #{t + 1}"))
            w.field(8, "channel", channels[(s + t) % len(channels)] if t else cid)
            if every or want("description"):
                w.field(
                    8,
                    "description",
                    _q(
                        f"{noun}: the customer {rng.choice(('checks', 'compares', 'opens', 'sprawdza', 'смотрит'))} "
                        f"details here; step {t + 1} of stage {s + 1}."
                    ),
                )
            if every or want("emotion"):
                w.field(8, "emotion", str(rng.randint(1, 5)))
            if every or want("owner"):
                w.field(8, "owner", _q(rng.choice(OWNERS)))
            if s + 1 < n_stages and (every or want("next")):
                nxt = rng.sample(tp_ids[s + 1], min(len(tp_ids[s + 1]), rng.randint(1, 2)))
                w.items(8, "next", nxt)
            if every or want("backstage"):
                w.items(8, "backstage", [_q(b) for b in rng.sample(BACKSTAGE, rng.randint(1, 2))])
            elements += 1

        # moments of truth
        w.lines.append("    moments_of_truth:")
        for i in range(n_items):
            w.item(6, "id", f"mot{s + 1}-{i + 1}")
            w.field(
                8,
                "name",
                _q(
                    rng.choice(
                        ("First impression", "Pierwsze wrażenie", "Момент оплаты", "Parcel arrives")
                    )
                ),
            )
            w.field(8, "kind", MOMENT_KINDS[(s + i) % len(MOMENT_KINDS)])
            w.field(8, "touchpoint", rng.choice(tp_ids[s]))
            if full or (s == 0 and i == 0):
                w.field(8, "description", _q("Where the customer decides whether to go on."))
            elements += 1

        # pain points
        pp_ids = [
            f"pp{s + 1}-{i + 1}-{PROBLEMS[(s + i) % len(PROBLEMS)][0]}" for i in range(n_items)
        ]
        w.lines.append("    pain_points:")
        for i, pid in enumerate(pp_ids):
            w.item(6, "id", pid)
            w.field(8, "name", _q(PROBLEMS[(s + i) % len(PROBLEMS)][1]))
            w.items(8, "touchpoints", rng.sample(tp_ids[s], min(n_touchpoints, rng.randint(1, 2))))
            w.field(8, "severity", rng.choice(SEVERITIES))
            if full or (s + i) % 2 == 0:
                w.field(
                    8,
                    "evidence",
                    _q(
                        f"{rng.randint(5, 60)}% of interviews mention it; "
                        f"{rng.randint(20, 900)} tickets in {period} / zgłoszenia"
                    ),
                )
            elements += 1

        # metrics ids are needed by desired actions, desired action ids by completed actions
        m_ids = [f"m{s + 1}-{i + 1}-{METRICS[(s + i) % len(METRICS)][0]}" for i in range(n_items)]
        da_ids = [f"da{s + 1}-{i + 1}-{ACTIONS[(s + i) % len(ACTIONS)][0]}" for i in range(n_items)]

        w.lines.append("    desired_actions:")
        for i, did in enumerate(da_ids):
            w.item(6, "id", did)
            w.field(8, "name", _q(ACTIONS[(s + i) % len(ACTIONS)][1]))
            w.field(8, "metric", m_ids[i])
            elements += 1

        w.lines.append("    completed_actions:")
        of = base
        base = math.floor(base * rng.uniform(keep_lo, keep_hi))
        for i, did in enumerate(da_ids):
            count = base if i == 0 else math.floor(of * rng.uniform(keep_lo, keep_hi))
            w.item(6, "id", f"ca{s + 1}-{i + 1}")
            w.field(8, "fulfils", did)
            w.field(8, "count", str(count))
            w.field(8, "of", str(of))
            w.field(8, "period", _q(period))
            elements += 1

        w.lines.append("    opportunities:")
        for i, pid in enumerate(pp_ids):
            w.item(6, "id", f"op{s + 1}-{i + 1}")
            w.field(
                8,
                "name",
                _q(
                    rng.choice(
                        (
                            "Show the total price early",
                            "Pokazać opinie klientów",
                            "Ускорить ответ поддержки",
                            "Send proactive updates",
                        )
                    )
                ),
            )
            addresses = [pid]
            if s > 0 and (full or rng.random() < 0.3):
                addresses.append(f"pp{s}-1-{PROBLEMS[(s - 1) % len(PROBLEMS)][0]}")
            w.items(8, "addresses", addresses)
            if full or (s + i) % 2 == 1:
                w.field(8, "owner", _q(rng.choice(OWNERS)))
            w.field(8, "status", rng.choice(STATUSES))
            w.field(8, "impact", rng.choice(LEVELS))
            w.field(8, "effort", rng.choice(LEVELS))
            elements += 1

        w.lines.append("    metrics:")
        for i, mid in enumerate(m_ids):
            _, mname, unit, direction = METRICS[(s + i) % len(METRICS)]
            target = round(rng.uniform(1, 90), 1)
            actual = round(target * rng.uniform(0.6, 1.4), 1)
            w.item(6, "id", mid)
            w.field(8, "name", _q(mname))
            w.field(8, "unit", _q(unit))
            w.field(8, "target", f"{target:.1f}")
            w.field(8, "actual", f"{actual:.1f}")
            if full or direction != "higher_is_better" or (s + i) % 3 == 0:
                w.field(8, "direction", direction)
            elements += 1

    return w.text(), elements


def make_map(
    index: int, stages: int, touchpoints: int, rng: random.Random, *, full: bool = False
) -> str:
    """Map number ``index`` of a corpus: ``stages`` stages of ``touchpoints`` touchpoints each.

    Every other lane holds one item per stage. The text depends only on the arguments and the
    state of ``rng``; ``full`` puts every optional field on every item.
    """
    if stages < 1 or touchpoints < 1:
        raise ValueError("a map needs at least one stage and one touchpoint per stage")
    title = f"Benchmark journey {index:04d} / Ścieżka klienta / Путь клиента"
    text, _ = _build(f"bench-map-{index:04d}", title, stages, touchpoints, 1, rng, full)
    return text


def _big_shape(elements: int) -> tuple[int, int, int]:
    """Stages, touchpoints per stage and items per other lane for about ``elements`` elements.

    Touchpoints per stage grow with the square root of the size and the six other lanes hold a
    quarter as many items each, so a 5000-element map has 40 stages of 50 touchpoints.
    """
    fixed = 3  # two personas and one channel
    touchpoints = max(1, round(1.25 * math.sqrt(max(elements - fixed, 1) / 3.125)))
    items = max(1, touchpoints // 4)
    per_stage = 1 + touchpoints + 6 * items
    stages = max(1, round((elements - fixed) / per_stage))
    return stages, touchpoints, items


def make_big_map(elements: int, *, seed: int = 0, full: bool = False) -> str:
    """One large map with about ``elements`` elements, for the diff and render benchmarks."""
    return _big_map(elements, seed, full)[0]


def _big_map(elements: int, seed: int, full: bool) -> tuple[str, int]:
    if elements < 1:
        raise ValueError("elements must be positive")
    stages, touchpoints, items = _big_shape(elements)
    title = f"Large benchmark journey, {elements} elements / Duża mapa / Большая карта"
    return _build(
        f"bench-big-{elements}", title, stages, touchpoints, items, random.Random(seed), full
    )


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


def cached(maps: int) -> Path:
    """The corpus of ``maps`` 6-stage, 6-touchpoint maps (seed 1) the benchmarks share, made once
    under bench/.corpus and reused by every later run."""
    out = Path(__file__).resolve().parent / ".corpus" / f"maps-{maps}-6x6"
    if not (out / ".done").exists():
        main([str(out), "--maps", str(maps), "--stages", "6", "--touchpoints", "6", "--seed", "1"])
        (out / ".done").write_text("ok")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out_dir", nargs="?", type=Path, help="folder for map-0000.yaml ...")
    parser.add_argument("--maps", type=int, default=1000, help="number of maps (default 1000)")
    parser.add_argument("--stages", type=int, default=6, help="stages per map (default 6)")
    parser.add_argument(
        "--touchpoints", type=int, default=6, help="touchpoints per stage (default 6)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--full", action="store_true", help="every optional field on every item")
    parser.add_argument(
        "--big",
        nargs=2,
        metavar=("N", "OUT_FILE"),
        help="also write one map with about N elements to OUT_FILE",
    )
    args = parser.parse_args(argv)
    if args.out_dir is None and args.big is None:
        parser.error("give OUT_DIR, --big N OUT_FILE, or both")
    if args.maps < 0 or args.stages < 1 or args.touchpoints < 1:
        parser.error("--maps must be >= 0, --stages and --touchpoints >= 1")

    if args.out_dir is not None:
        out: Path = args.out_dir
        out.mkdir(parents=True, exist_ok=True)
        total_lines = 0
        for i in range(args.maps):
            # one generator per map: map i is the same whatever --maps says
            rng = random.Random(args.seed * 1_000_003 + i)
            text = make_map(i, args.stages, args.touchpoints, rng, full=args.full)
            total_lines += text.count("\n")
            _write(out / f"map-{i:04d}.yaml", text)
        average = total_lines / args.maps if args.maps else 0.0
        print(f"wrote {args.maps} files to {out}, {average:.1f} lines per map on average")

    if args.big is not None:
        try:
            n = int(args.big[0])
        except ValueError:
            parser.error(f"--big N must be an integer, not {args.big[0]!r}")
        if n < 1:
            parser.error("--big N must be positive")
        target = Path(args.big[1])
        target.parent.mkdir(parents=True, exist_ok=True)
        text, count = _big_map(n, args.seed, args.full)
        _write(target, text)
        print(f"wrote 1 file {target}: {count} elements, {text.count(chr(10))} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
