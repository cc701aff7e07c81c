#!/usr/bin/env python3
"""Write the demonstration partner lists content/partners/<year>.yaml.

Every enterprise produced here is fictional: names are made of invented
brand words plus the word "Demo" / 示範. Only the number of partners in each
category and year matches the figures published by the Environmental
Protection Department.

The output is deterministic (fixed seed, standard library only):

    python3 scripts/demo_partners.py            # writes content/partners/
    python3 scripts/demo_partners.py --out DIR  # writes elsewhere

Model: a pool of enterprises with stable ids. Each year the required number
of partners is drawn by weighted sampling that favours the previous year's
partners (so enterprises recur over many years); among the manufacturers of
a year, those with a longer record are more likely to be Excellent Partners
(so some move from Partner to Excellent Partner). A few enterprises are
renamed from a given year on while keeping their id.
"""

import argparse
import json
import os
import random
import re
import sys

SEED = 20211216

YEARS = [2015, 2016, 2017, 2019, 2021, 2022, 2024]
CATEGORIES = ["excellent", "manufacturing", "sourcing", "ets"]

# Published counts: excellent, manufacturing, sourcing, ets.
COUNTS = {
    2015: (73, 74, 3, 13),
    2016: (69, 61, 2, 16),
    2017: (87, 79, 2, 16),
    2019: (36, 116, 3, 25),
    2021: (30, 115, 1, 28),
    2022: (36, 105, 1, 13),
    2024: (42, 149, 3, 21),
}

ANNOUNCED = {2021: "2021-12-16-hk-gd-cleaner-production"}

# Candidate pool sizes (enterprises never drawn are dropped before ids are
# assigned).
N_MANUFACTURERS = 540
N_ETS = 56
N_SOURCING = 6

# How strongly last year's partners are favoured.
STICK_CORE = 8.0
STICK_OTHER = 1.2

# Invented brand words. Each list maps English to one Chinese character;
# characters are distinct within a list, so every (first, second) pair gives
# a distinct English and a distinct Chinese brand. The first characters have
# stroke counts from 1 to 24 so that collation is visible.
FIRST = [
    ("Unity", "一"), ("Mountain", "山"), ("Great", "大"), ("Sky", "天"),
    ("Crimson", "丹"), ("Sunray", "日"), ("Jade", "玉"), ("Eternal", "永"),
    ("Stone", "石"), ("Bamboo", "竹"), ("Light", "光"), ("Sunrise", "旭"),
    ("Golden", "金"), ("Bright", "明"), ("Pine", "松"), ("Tiger", "虎"),
    ("Peace", "和"), ("Star", "星"), ("Spring", "泉"), ("Rainbow", "虹"),
    ("Willow", "柳"), ("Pearl", "珠"), ("Ocean", "海"), ("Plum", "梅"),
    ("Harbour", "港"), ("Cloud", "雲"), ("Wisdom", "智"), ("Victory", "勝"),
    ("Maple", "楓"), ("Lion", "獅"), ("Myriad", "萬"), ("Silver", "銀"),
    ("Phoenix", "鳳"), ("Azure", "碧"), ("Kingfisher", "翠"), ("Lotus", "蓮"),
    ("Virtue", "德"), ("Dragon", "龍"), ("Prosper", "興"), ("Rich", "豐"),
    ("Treasure", "寶"), ("Bell", "鐘"), ("Orchid", "蘭"), ("Crane", "鶴"),
    ("Iron", "鐵"), ("Heron", "鷺"), ("Eagle", "鷹"),
]
SECOND = [
    ("River", "河"), ("Peak", "峰"), ("Bay", "灣"), ("Bridge", "橋"),
    ("Garden", "園"), ("Forest", "林"), ("Gate", "門"), ("Bloom", "華"),
    ("Source", "源"), ("Crown", "冠"), ("Sail", "帆"), ("Shore", "岸"),
    ("Valley", "谷"), ("Lake", "湖"), ("Glory", "輝"), ("Tower", "塔"),
    ("Wing", "翼"), ("Leaf", "葉"), ("Stream", "溪"), ("Hill", "丘"),
    ("Harvest", "穗"), ("Cape", "岬"), ("Field", "田"), ("Pavilion", "亭"),
]

# sector key -> list of (English descriptor, Chinese descriptor)
MANUFACTURING_SECTORS = {
    "plastics": [("Plastic Products", "塑膠製品"), ("Plastic Moulding", "塑膠模具")],
    "metal": [("Precision Metal Products", "精密金屬製品"), ("Metalware", "五金製品")],
    "electronics": [("Electronics", "電子"), ("Electronic Components", "電子元件")],
    "textiles": [("Textiles", "紡織"), ("Knitting", "針織")],
    "dyeing": [("Dyeing and Finishing", "染整"), ("Bleaching and Dyeing", "漂染")],
    "garments": [("Garment", "製衣"), ("Fashion Manufacturing", "時裝製造")],
    "printing": [("Printing", "印刷"), ("Colour Printing", "彩色印刷")],
    "packaging": [("Packaging", "包裝"), ("Paper Packaging", "紙品包裝")],
    "chemicals": [("Chemical", "化工"), ("Fine Chemicals", "精細化工")],
    "coatings": [("Paint and Coatings", "塗料"), ("Ink", "油墨")],
    "food": [("Food", "食品"), ("Food Products", "食品製造")],
    "beverages": [("Beverage", "飲品")],
    "furniture": [("Furniture", "傢俬"), ("Woodwork", "木器")],
    "toys": [("Toys", "玩具"), ("Toys and Gifts", "玩具禮品")],
    "electroplating": [("Electroplating", "電鍍"), ("Surface Treatment", "表面處理")],
    "watches": [("Watch", "鐘錶"), ("Watch Components", "錶殼錶帶")],
    "leather": [("Leather", "皮革"), ("Handbag", "手袋")],
    "ceramics": [("Ceramics", "陶瓷")],
    "machinery": [("Machinery", "機械"), ("Moulds and Dies", "模具")],
    "lighting": [("Lighting", "照明")],
}
SECTOR_WEIGHTS = {
    "plastics": 12, "metal": 12, "electronics": 14, "textiles": 6, "dyeing": 6,
    "garments": 6, "printing": 8, "packaging": 6, "chemicals": 4, "coatings": 3,
    "food": 5, "beverages": 2, "furniture": 4, "toys": 5, "electroplating": 5,
    "watches": 3, "leather": 3, "ceramics": 2, "machinery": 5, "lighting": 4,
}
ETS_SECTORS = {
    "environmental-engineering": [("Environmental Engineering", "環保工程")],
    "energy-services": [("Energy Services", "能源服務"),
                        ("Energy Conservation Technology", "節能科技")],
    "water-treatment": [("Water Treatment Consultants", "水處理顧問"),
                        ("Water Technology", "水務科技")],
    "environmental-consulting": [("Environmental Consultants", "環保顧問"),
                                 ("Environmental Technology", "環保科技")],
    "air-pollution-control": [("Air Purification Engineering", "廢氣淨化工程")],
}
SOURCING_SECTORS = {
    "sourcing": [("Trading", "貿易"), ("Sourcing Services", "採購服務"),
                 ("Global Sourcing", "環球採購")],
}

# Company forms: (English, Chinese). "{loc}" is the city in brackets.
FORMS_MAINLAND = [
    ("Co., Ltd.", "有限公司", 6),
    ("({loc}) Co., Ltd.", "（{loc}）有限公司", 3),
    ("Industrial Co., Ltd.", "實業有限公司", 2),
    ("Factory Limited", "廠有限公司", 2),
    ("Limited", "有限公司", 2),
]
FORMS_HK = [
    ("Limited", "有限公司", 5),
    ("Company Limited", "有限公司", 2),
    ("Holdings Limited", "控股有限公司", 1),
    ("Industries Limited", "工業有限公司", 1),
]

CITIES = [  # (en, tc, weight for manufacturers, weight for ets)
    ("Dongguan", "東莞", 26, 3),
    ("Shenzhen", "深圳", 18, 10),
    ("Guangzhou", "廣州", 10, 9),
    ("Foshan", "佛山", 10, 2),
    ("Huizhou", "惠州", 7, 1),
    ("Zhongshan", "中山", 7, 1),
    ("Jiangmen", "江門", 5, 1),
    ("Zhuhai", "珠海", 4, 2),
    ("Zhaoqing", "肇慶", 3, 0),
    ("Qingyuan", "清遠", 3, 0),
    ("Shantou", "汕頭", 3, 0),
    ("Hong Kong", "香港", 4, 18),
]

# Enterprises renamed from a given year on (index into the candidates that
# qualify, how the new name is formed).
RENAMES = [
    ("descriptor", ("Smart Technology", "智能科技")),
    ("descriptor", ("Green Materials", "綠色材料")),
    ("brand", None),
]


def weighted_choice(rng, items, weights):
    total = sum(weights)
    x = rng.random() * total
    for item, w in zip(items, weights):
        x -= w
        if x < 0:
            return item
    return items[-1]


def weighted_sample(rng, items, weights, k):
    """k distinct items, weighted, without replacement (Efraimidis-Spirakis)."""
    keyed = []
    for item, w in zip(items, weights):
        if w <= 0:
            continue
        keyed.append((rng.random() ** (1.0 / w), item))
    if len(keyed) < k:
        raise SystemExit("pool too small: need %d, have %d" % (k, len(keyed)))
    keyed.sort(key=lambda t: t[0], reverse=True)
    return [item for _, item in keyed[:k]]


def normalise_en(name):
    s = name.lower()
    s = re.sub(r"\blimited\b", "ltd", s)
    s = re.sub(r"\bcompany\b", "co", s)
    return re.sub(r"[^a-z0-9]", "", s)


def normalise_tc(name):
    return re.sub(r"[\s（）()、，,.．·]", "", name)


class Enterprise:
    def __init__(self, kind, brand, sector, descriptor, form, city):
        self.kind = kind            # manufacturer / ets / sourcing
        self.brand = brand          # ((en1, tc1), (en2, tc2))
        self.sector = sector
        self.descriptor = descriptor
        self.form = form
        self.city = city
        self.rename = None          # (from_year, en, tc)
        self.id = None
        self.website = False
        self.core = False
        self.seniority = 0
        self.entry = YEARS[0]
        self.exit = YEARS[-1]
        self.history = {}           # year -> category

    def base_name(self, brand=None, descriptor=None):
        (e1, t1), (e2, t2) = brand or self.brand
        d_en, d_tc = descriptor or self.descriptor
        f_en, f_tc = self.form[0], self.form[1]
        loc_en, loc_tc = self.city[0], self.city[1]
        en = "%s %s Demo %s %s" % (e1, e2, d_en, f_en.replace("{loc}", loc_en))
        tc = "%s%s示範%s%s" % (t1, t2, d_tc, f_tc.replace("{loc}", loc_tc))
        return en, tc

    def name(self, year):
        if self.rename and year >= self.rename[0]:
            return self.rename[1], self.rename[2]
        return self.base_name()


def build(rng):
    pairs = [(a, b) for a in FIRST for b in SECOND]
    rng.shuffle(pairs)
    pair_iter = iter(pairs)

    def city_for(kind):
        if kind == "sourcing":
            return weighted_choice(rng, CITIES, [0] * 11 + [1])
        idx = 2 if kind == "manufacturer" else 3
        return weighted_choice(rng, CITIES, [c[idx] for c in CITIES])

    def form_for(city, kind="manufacturer"):
        forms = FORMS_HK if city[0] == "Hong Kong" else FORMS_MAINLAND
        if kind != "manufacturer":  # no "Factory", "Industrial", "Holdings"
            forms = [f for f in forms if f[0] in ("Co., Ltd.", "({loc}) Co., Ltd.",
                                                  "Limited", "Company Limited")]
        f = weighted_choice(rng, forms, [x[2] for x in forms])
        return f[0], f[1]

    pool = []
    sectors = sorted(MANUFACTURING_SECTORS)
    for _ in range(N_MANUFACTURERS):
        sector = weighted_choice(rng, sectors, [SECTOR_WEIGHTS[s] for s in sectors])
        city = city_for("manufacturer")
        e = Enterprise("manufacturer", next(pair_iter), sector,
                       rng.choice(MANUFACTURING_SECTORS[sector]), form_for(city), city)
        pool.append(e)
    for _ in range(N_ETS):
        sector = rng.choice(sorted(ETS_SECTORS))
        city = city_for("ets")
        e = Enterprise("ets", next(pair_iter), sector,
                       rng.choice(ETS_SECTORS[sector]), form_for(city, "ets"), city)
        pool.append(e)
    for i in range(N_SOURCING):
        city = city_for("sourcing")
        e = Enterprise("sourcing", next(pair_iter), "sourcing",
                       SOURCING_SECTORS["sourcing"][i % 3], form_for(city, "sourcing"), city)
        pool.append(e)

    # Hidden traits: a core of long-standing partners, a record before 2015,
    # and a window of activity (some join late, some leave).
    for e in pool:
        e.core = rng.random() < (0.33 if e.kind == "manufacturer" else 0.3)
        e.seniority = rng.randint(0, 5) if e.core else rng.randint(0, 2)
        r = rng.random()
        if e.core:
            e.entry = YEARS[0] if r < 0.8 else rng.choice(YEARS[1:4])
        else:
            e.entry = rng.choice(YEARS)
        if rng.random() < 0.25:
            later = [y for y in YEARS if y > e.entry]
            if later:
                e.exit = rng.choice(later)
        e.website = rng.random() < 0.35
    return pool, pair_iter


def draw(rng, pool):
    prev = set()
    for year in YEARS:
        exc, man, src, ets = COUNTS[year]
        for kind, k in (("manufacturer", exc + man), ("sourcing", src), ("ets", ets)):
            cands = [e for e in pool if e.kind == kind]
            weights = []
            for e in cands:
                active = e.entry <= year <= e.exit
                w = 1.0 if active else 0.03
                seen = len(e.history)
                if e in prev:
                    w *= STICK_CORE if e.core else STICK_OTHER
                elif seen:
                    w *= 2.0 if e.core else 0.7
                elif e.core:
                    w *= 2.5
                weights.append(w)
            chosen = weighted_sample(rng, cands, weights, k)
            if kind == "manufacturer":
                def score(e):
                    record = len(e.history) + e.seniority
                    was_exc = sum(1 for c in e.history.values() if c == "excellent")
                    return record + 2.5 * was_exc + (1.5 if e.core else 0) + rng.random() * 3
                ranked = sorted(chosen, key=score, reverse=True)
                for i, e in enumerate(ranked):
                    e.history[year] = "excellent" if i < exc else "manufacturing"
            else:
                for e in chosen:
                    e.history[year] = kind
        prev = {e for e in pool if year in e.history}


def assign_renames(rng, pool, pair_iter):
    cands = [e for e in pool if e.kind == "manufacturer"
             and any(y <= 2017 for y in e.history) and any(y >= 2019 for y in e.history)
             and len(e.history) >= 4]
    cands.sort(key=lambda e: e.base_name()[0])
    picked = rng.sample(cands, len(RENAMES))
    for e, (how, arg) in zip(picked, RENAMES):
        years = sorted(e.history)
        later = [y for y in years if y >= 2019]
        from_year = rng.choice(later[:2])
        if how == "descriptor":
            en, tc = e.base_name(descriptor=arg)
        else:
            en, tc = e.base_name(brand=next(pair_iter))
        e.rename = (from_year, en, tc)


def assign_ids(pool):
    used = [e for e in pool if e.history]
    order = {c: i for i, c in enumerate(CATEGORIES)}

    def key(e):
        first = min(e.history)
        return (first, order[e.history[first]], normalise_en(e.name(first)[0]))
    used.sort(key=key)
    for i, e in enumerate(used, 1):
        e.id = "p%04d" % i
    return used


def q(s):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def render(year, used):
    order = {c: i for i, c in enumerate(CATEGORIES)}
    rows = [e for e in used if year in e.history]
    rows.sort(key=lambda e: (order[e.history[year]], normalise_en(e.name(year)[0])))
    out = [
        "# Demonstration data: every enterprise below is fictional. The real list of",
        "# %d partners is published by the Environmental Protection Department." % year,
        "# Generated by scripts/demo_partners.py; edit the script, not this file.",
        "year: %d" % year,
    ]
    if year in ANNOUNCED:
        out.append("announced: %s" % ANNOUNCED[year])
    out += [
        "note:",
        "  en: The enterprises listed here are fictional demonstration data; the counts match the published figures.",
        "  tc: 以下企業名稱均為虛構示範資料；各類別數目與公布數字相同。",
        "partners:",
    ]
    for e in rows:
        en, tc = e.name(year)
        out.append("  - id: %s" % e.id)
        out.append("    name: { en: %s, tc: %s }" % (q(en), q(tc)))
        out.append("    category: %s" % e.history[year])
        out.append("    location: { en: %s, tc: %s }" % (q(e.city[0]), q(e.city[1])))
        out.append("    sector: %s" % e.sector)
        if e.website:
            out.append("    website: https://example.com/%s" % e.id)
    return "\n".join(out) + "\n"


def check(year, text):
    """Check the counts and uniqueness, with PyYAML when it is installed."""
    try:
        import yaml
    except ImportError:
        yaml = None
    if yaml is not None:
        data = yaml.safe_load(text)
        assert data["year"] == year
        partners = data["partners"]
    else:  # fall back on the fixed layout written above
        partners = []
        for line in text.splitlines():
            if line.startswith("  - id: "):
                partners.append({"id": line[8:]})
            elif line.startswith("    name: "):
                m = re.match(r'    name: \{ en: (".*"), tc: (".*") \}$', line)
                partners[-1]["name"] = {"en": json.loads(m.group(1)),
                                        "tc": json.loads(m.group(2))}
            elif line.startswith("    category: "):
                partners[-1]["category"] = line[14:]
    counts = tuple(sum(1 for p in partners if p["category"] == c) for c in CATEGORIES)
    assert counts == COUNTS[year], (year, counts, COUNTS[year])
    for field in ("id",):
        vals = [p[field] for p in partners]
        assert len(vals) == len(set(vals)), (year, field)
    en = [normalise_en(p["name"]["en"]) for p in partners]
    tc = [normalise_tc(p["name"]["tc"]) for p in partners]
    assert len(en) == len(set(en)), (year, "duplicate English name")
    assert len(tc) == len(set(tc)), (year, "duplicate Chinese name")
    for p in partners:
        assert " Demo " in p["name"]["en"] and "示範" in p["name"]["tc"], p
    return counts, yaml is not None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "content", "partners"))
    args = ap.parse_args()

    rng = random.Random(SEED)
    pool, pair_iter = build(rng)
    draw(rng, pool)
    assign_renames(rng, pool, pair_iter)
    used = assign_ids(pool)

    # Names must also be unique across the whole pool (ids stay meaningful).
    all_en, all_tc = {}, {}
    for e in used:
        for y in e.history:
            en, tc = e.name(y)
            assert all_en.setdefault(normalise_en(en), e.id) == e.id, en
            assert all_tc.setdefault(normalise_tc(tc), e.id) == e.id, tc

    os.makedirs(args.out, exist_ok=True)
    for year in YEARS:
        text = render(year, used)
        counts, with_yaml = check(year, text)
        path = os.path.join(args.out, "%d.yaml" % year)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        print("%s: %s (total %d)%s" % (os.path.relpath(path), dict(zip(CATEGORIES, counts)),
                                      sum(counts), "" if with_yaml else " [checked without PyYAML]"))

    spans = [len(e.history) for e in used]
    movers = [e for e in used
              if "excellent" in e.history.values() and "manufacturing" in e.history.values()]
    promoted = [e for e in used
                if any(e.history[a] == "manufacturing" and e.history[b] == "excellent"
                       for a in e.history for b in e.history if a < b)]
    print("enterprises: %d; in 5+ years: %d; in all 7: %d; in 1 year only: %d"
          % (len(used), sum(1 for s in spans if s >= 5), sum(1 for s in spans if s == 7),
             sum(1 for s in spans if s == 1)))
    print("both partner and excellent: %d; promoted manufacturing -> excellent: %d"
          % (len(movers), len(promoted)))
    for e in used:
        if e.rename:
            print("renamed %s from %d: %s -> %s" % (e.id, e.rename[0], e.base_name()[0], e.rename[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
