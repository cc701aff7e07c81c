//! The site search index: made at build time, read by `search.js` on
//! `/<lang>/search/`. One index per language, in three kinds of file beside
//! the search page (`en/search/…`):
//!
//! - `index-meta.json`: `{"v": version, "n": documents, "s": shards, "c": chunk size}`;
//! - `s<k>.json`: a shard of the inverted index, `{token: [docs, title docs]}`
//!   for the tokens whose hash falls in shard `k`; a first query fetches only
//!   the shards of its own tokens;
//! - `d<k>.json`: documents `k*c … k*c+c-1` as `[title, url, date, kind,
//!   text]`, fetched only for the results shown (title, date and snippet);
//!   kind is `n` press release, `p` standing page, `c` partner (its date is
//!   the years it was recognised: `2015, 2022–2024`).
//!
//! Documents are press releases, standing pages and partners (one per
//! enterprise, linking to its latest year). Their ids follow rank order for
//! ties: press releases newest first, then standing pages, then partners,
//! so the script ranks by
//! "title matches, then id".
//!
//! Tokens: text is folded (full-width ASCII to half-width, lower case); a run
//! of letters and digits (with `.`/`,` between digits kept: `22.7`, `60974`)
//! is one word, stemmed by a few suffix rules (s/es/ies/ed/ing); a run of Han
//! characters gives every character bigram and every single character, so
//! Chinese is found by any two characters without a dictionary, and a query
//! matches when all its bigrams do. `search.js` has the same rules: change
//! them in both places.
//!
//! Posting lists are ids in increasing order, written either as deltas in a
//! base-32 varint without separators (continuation digits `A-Zwxyz-_`, last
//! digit `0-9a-v`) or, when shorter, as `!` and a base64 bitmap.

use crate::diagnostics::Diagnostic;
use crate::i18n::{char_pair, is_han, push_folded};
use crate::output::Sink;
use crate::render::urls::Urls;
use crate::site::{ItemKind, Site};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Documents per `d<k>.json`.
pub const CHUNK: usize = 4;
/// Characters of body text kept for snippets (and indexed).
const TEXT_LIMIT: usize = 4000;
/// Shards aim at about this many bytes each.
const SHARD_TARGET: usize = 48 * 1024;
const MAX_SHARDS: usize = 256;

/// One document; a release's or page's texts are borrowed from the model.
struct Doc<'a> {
    title: Cow<'a, str>,
    url: String,
    date: String,
    kind: &'static str,
    text: Cow<'a, str>,
    /// Indexed but not shown (a partner's location in every language).
    extra: String,
    /// Indexed as title too (a partner's location).
    title_extra: String,
    /// Standing pages first, then newest first.
    order: (u8, i64),
}

/// The search files of one language, as they went into a sink.
#[derive(Debug, Default)]
pub struct IndexFiles {
    /// Every file's path in the output, written or not.
    pub paths: Vec<String>,
    /// Files the sink could not take.
    pub failures: Vec<Diagnostic>,
}

/// Makes the search files of one language and puts each into `sink` as
/// soon as it is made: the documents' files of a large site come to tens of
/// megabytes, and they are never all in memory at once.
pub fn write_index(site: &Site, language: usize, urls: &Urls, sink: &dyn Sink) -> IndexFiles {
    let code = &site.config.languages[language].code;
    let strings = &site.strings[language];
    let mut docs = Vec::new();

    let items = site.news_by_language[language]
        .iter()
        .chain(&site.pages_by_language[language]);
    for &index in items {
        let item = &site.items[index];
        let date = item
            .date
            .as_ref()
            .map(|d| crate::i18n::dates::format(strings.get("date_format"), d, strings))
            .unwrap_or_default();
        let mut text = item.body_text.trim();
        if text.is_empty() {
            text = &item.summary;
        }
        docs.push(Doc {
            title: Cow::Borrowed(&item.title),
            url: urls.item(code, item),
            date,
            kind: match item.kind {
                ItemKind::News => "n",
                ItemKind::Page => "p",
            },
            text: truncate(text, TEXT_LIMIT),
            extra: String::new(),
            title_extra: String::new(),
            // Press releases first, newest first, then standing pages.
            order: match item.kind {
                ItemKind::News => (0, -item.date.map(|d| d.timestamp()).unwrap_or(0)),
                ItemKind::Page => (1, 0),
            },
        });
    }

    // One document per enterprise, linking to the newest year that lists it.
    let categories = site.category_names(language);
    let all_years: Vec<i32> = site.partner_years.iter().map(|y| y.year).collect();
    let mut partners: BTreeMap<&str, Vec<(i32, &crate::site::Partner)>> = BTreeMap::new();
    for year in &site.partner_years {
        for partner in &year.partners {
            partners
                .entry(partner.identity.as_str())
                .or_default()
                .push((year.year, partner));
        }
    }
    for records in partners.values() {
        let &(newest, partner) = records.iter().max_by_key(|(y, _)| *y).expect("not empty");
        let mut years: Vec<i32> = records.iter().map(|(y, _)| *y).collect();
        years.sort_unstable();
        years.dedup();
        let location = partner
            .location
            .as_ref()
            .map(|l| l.get(language).to_string())
            .unwrap_or_default();
        let category = categories
            .get(partner.category)
            .cloned()
            .unwrap_or_default();
        let key = site
            .config
            .partner_categories
            .get(partner.category)
            .map(|c| c.key.as_str())
            .unwrap_or_default();
        let mut text = [location.as_str(), category.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · ");
        let own = partner.name.get(language);
        let others: Vec<&str> = partner
            .name
            .0
            .iter()
            .map(String::as_str)
            .filter(|n| !n.is_empty() && *n != own)
            .collect();
        if !others.is_empty() {
            text.push_str(" · ");
            text.push_str(&others.join(" · "));
        }
        let mut extra = String::new();
        if let Some(location) = &partner.location {
            extra = location.0.join(" ");
        }
        docs.push(Doc {
            title: Cow::Borrowed(own),
            url: format!("{}#{key}", urls.partner_year(code, newest)),
            date: crate::site::year_ranges(&years, &all_years),
            kind: "c",
            text: Cow::Owned(text),
            extra,
            title_extra: location,
            order: (2, -(end_of_year(newest))),
        });
    }
    docs.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.title.cmp(&b.title)));

    let base = urls.file_of(&urls.search(code));
    let base = base.trim_end_matches("index.html");
    // Each file is hashed as it is written; the version is made from those
    // hashes in file order. Only a change of content has to change it: a
    // fast hash, not the code-point FNV the script uses to find shards.
    let put = |prefix: &str, k: usize, bytes: &[u8]| {
        let path = format!("{base}{prefix}{k}.json");
        let mut hash = FxHasher::default();
        std::hash::Hasher::write(&mut hash, bytes);
        let failure = sink.put(&path, bytes).err();
        (path, std::hash::Hasher::finish(&hash), failure)
    };
    // The inverted index and the documents' files are made side by side.
    let (shard_files, doc_files) = rayon::join(
        || {
            shards(&docs)
                .par_iter()
                .enumerate()
                .map(|(k, bytes)| put("s", k, bytes))
                .collect::<Vec<_>>()
        },
        || {
            docs.par_chunks(CHUNK)
                .enumerate()
                .map(|(k, chunk)| put("d", k, &document_chunk(chunk)))
                .collect::<Vec<_>>()
        },
    );
    let shard_count = shard_files.len();

    let mut version = FxHasher::default();
    let mut files = IndexFiles::default();
    for (path, hash, failure) in shard_files.into_iter().chain(doc_files) {
        std::hash::Hasher::write_u64(&mut version, hash);
        files.paths.push(path);
        files.failures.extend(failure);
    }
    // Last: a script that reads the new version finds the new files.
    let meta_path = format!("{base}index-meta.json");
    let meta = format!(
        "{{\"v\":\"{:08x}\",\"n\":{},\"s\":{},\"c\":{CHUNK}}}",
        std::hash::Hasher::finish(&version) as u32,
        docs.len(),
        shard_count
    );
    files
        .failures
        .extend(sink.put(&meta_path, meta.as_bytes()).err());
    files.paths.push(meta_path);
    files
}

/// The inverted index, spread over shards by token hash: each shard's JSON.
fn shards(docs: &[Doc]) -> Vec<Vec<u8>> {
    // Inverted index: token → (ids, title ids).
    let mut postings = Postings::new(docs.len());
    let mut scratch = Scratch::default();
    for (id, doc) in docs.iter().enumerate() {
        let id = id as u32;
        for text in [doc.title.as_ref(), doc.title_extra.as_str()] {
            postings.add_text(&mut scratch, text, id, true);
        }
        // The mark of a cut text is no token, and without it an English
        // text stays ASCII throughout, which is split a byte at a time.
        let text = doc.text.strip_suffix(CUT).unwrap_or(&doc.text);
        for text in [text, doc.extra.as_str()] {
            postings.add_text(&mut scratch, text, id, false);
        }
    }

    // Encode, then spread over shards by token hash.
    let mut encoded: Vec<(String, String)> = postings
        .slots
        .tokens
        .into_iter()
        .zip(postings.slots.lists)
        .map(|(token, Posting { all, title })| {
            // Encoded lists are letters, digits and `-_!+/=`: nothing to escape.
            let list = all.into_text(docs.len());
            let mut value = String::with_capacity(list.len() + 8);
            value.push_str("[\"");
            value.push_str(&list);
            if !title.is_empty() {
                value.push_str("\",\"");
                value.push_str(&encode(&title, docs.len()));
            }
            value.push_str("\"]");
            (token, value)
        })
        .collect();
    // Tokens are unique: their order is the files' order.
    encoded.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let total: usize = encoded.iter().map(|(t, v)| t.len() + v.len() + 4).sum();
    let mut shards = 1;
    while shards < MAX_SHARDS && total / shards > SHARD_TARGET {
        shards *= 2;
    }
    let mut shard_text = vec![vec![b'{']; shards];
    for (token, value) in &encoded {
        let text = &mut shard_text[(hash(token) as usize) % shards];
        if text.len() > 1 {
            text.push(b',');
        }
        push_json_string(text, token);
        text.push(b':');
        text.extend_from_slice(value.as_bytes());
    }

    shard_text
        .into_iter()
        .map(|mut text| {
            text.push(b'}');
            text
        })
        .collect()
}

/// The JSON of one file of documents (up to [`CHUNK`] of them).
fn document_chunk(chunk: &[Doc]) -> Vec<u8> {
    let size: usize = chunk
        .iter()
        .map(|d| d.text.len() + d.title.len() + 100)
        .sum();
    let mut out = Vec::with_capacity(size);
    out.push(b'[');
    for (n, d) in chunk.iter().enumerate() {
        if n > 0 {
            out.extend_from_slice(b",\n");
        }
        out.push(b'[');
        for field in [d.title.as_ref(), &d.url, &d.date] {
            push_json_string(&mut out, field);
            out.push(b',');
        }
        out.push(b'"');
        out.extend_from_slice(d.kind.as_bytes());
        out.extend_from_slice(b"\",");
        push_json_string(&mut out, &d.text);
        out.push(b']');
    }
    out.push(b']');
    out
}

fn end_of_year(year: i32) -> i64 {
    // Seconds since 1970 of the year's last day, near enough for ordering.
    (year as i64 - 1970) * 31_556_952 + 31_500_000
}

/// What ends a text [`truncate`] cut short.
const CUT: char = '…';

fn truncate(text: &str, limit: usize) -> Cow<'_, str> {
    // A text of at most `limit` bytes has at most `limit` characters.
    if text.len() <= limit {
        return Cow::Borrowed(text);
    }
    match text.char_indices().nth(limit) {
        Some((at, _)) => Cow::Owned(format!("{}{CUT}", &text[..at])),
        None => Cow::Borrowed(text),
    }
}

/// Letters and digits of any script but Han.
#[inline]
fn is_word(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        code @ 0x80..=0xFFFF => word_characters()[code as usize / 64] >> (code % 64) & 1 == 1,
        _ => is_word_by_tables(c),
    }
}

fn is_word_by_tables(c: char) -> bool {
    c.is_alphanumeric() && !is_han(c)
}

/// [`is_word`] for the Basic Multilingual Plane, a bit a character: the
/// Unicode tables are slow for the punctuation of every Chinese sentence.
fn word_characters() -> &'static [u64; 1024] {
    static TABLE: std::sync::OnceLock<[u64; 1024]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [0u64; 1024];
        for code in 0x80..=0xFFFFu32 {
            if char::from_u32(code).is_some_and(is_word_by_tables) {
                table[code as usize / 64] |= 1 << (code % 64);
            }
        }
        table
    })
}

/// The few suffix rules `search.js` applies too.
#[inline(always)]
fn stem_in_place(s: &mut String) {
    // Most words leave here, without a call that would write the word back.
    if s.as_bytes()
        .last()
        .is_some_and(|&last| may_take_suffix_rule(last))
    {
        apply_suffix_rules(s);
    }
}

/// Whether a suffix rule can apply to a word ending in `last`: every rule
/// needs a word ending in `s`, `d` or `g`.
#[inline(always)]
fn may_take_suffix_rule(last: u8) -> bool {
    matches!(last, b's' | b'd' | b'g')
}

#[inline(never)]
fn apply_suffix_rules(s: &mut String) {
    // Every suffix is ASCII: cutting one shortens the word by as many
    // characters as bytes, so its characters are counted once, and only
    // when it is not ASCII throughout.
    let beyond_characters = if s.is_ascii() {
        0
    } else {
        s.len() - s.chars().count()
    };
    let length = |s: &String| s.len() - beyond_characters;
    if length(s) < 4 {
        return;
    }
    if ends_with(s, b"ies") {
        s.truncate(s.len() - 3);
        s.push('y');
    }
    if ends_with(s, b"sses")
        || ends_with(s, b"xes")
        || ends_with(s, b"ches")
        || ends_with(s, b"shes")
    {
        s.truncate(s.len() - 2);
    }
    if ends_with(s, b"s")
        && s[..s.len() - 1]
            .chars()
            .next_back()
            .is_some_and(|c| c != 's' && c != 'u')
    {
        s.pop();
    }
    if ends_with(s, b"ing") && length(s) >= 6 {
        s.truncate(s.len() - 3);
    } else if ends_with(s, b"ed") && length(s) >= 5 {
        s.truncate(s.len() - 2);
    }
}

/// Whether `word` ends with `suffix`, compared byte by byte: for a
/// suffix of a few bytes, no call to a general slice comparison.
#[inline(always)]
fn ends_with<const N: usize>(word: &str, suffix: &[u8; N]) -> bool {
    let bytes = word.as_bytes();
    bytes.len() >= N
        && bytes[bytes.len() - N..]
            .iter()
            .zip(suffix)
            .all(|(a, b)| a == b)
}

use rustc_hash::{FxHashMap as FastMap, FxHasher};

/// The documents that hold one token, in increasing id order.
struct Posting {
    /// All of them.
    all: List,
    /// Those that hold it in the title, as ids.
    title: Vec<u32>,
}

/// A token's documents in the form its file will have.
enum List {
    /// Their ids as deltas in base-32 digits, written as they come: the
    /// form most lists keep in the files, in a quarter of the memory.
    Deltas(Vec<u8>),
    /// A bit per document, once the deltas would be longer than the
    /// bitmap: the token is in many documents, and each further one only
    /// sets its bit. A list never gets shorter, so it is a bitmap in the
    /// file too.
    Bitmap(Vec<u8>),
}

impl List {
    /// The list as it is written in the files.
    fn into_text(self, docs: usize) -> String {
        match self {
            List::Deltas(deltas) => list_text(deltas, docs),
            List::Bitmap(bits) => bitmap_text(&bits),
        }
    }
}

/// No slot yet in [`Postings::han`].
const NO_SLOT: u32 = u32::MAX;
/// No document yet in a slot's list.
const NO_DOCUMENT: u32 = u32::MAX;

/// The inverted index while it is filled. Each token has a slot;
/// documents are added in id order, so a document already listed is its
/// slot's last and no per-document sorting is needed.
struct Postings {
    /// Slots of words of up to 16 bytes, by their bytes as a number:
    /// most words, found without hashing or comparing strings.
    short_words: SlotTable<u128>,
    words: FastMap<String, u32>,
    /// Slots of the Han characters of the Basic Multilingual Plane, looked
    /// up by code point: every Chinese character of every text comes here.
    han: Vec<u32>,
    /// Slots of Han pairs, by [`char_pair`].
    pairs: SlotTable<u64>,
    /// Slots of Han characters beyond the BMP.
    other: FastMap<char, u32>,
    slots: Slots,
}

/// A key of a [`SlotTable`]: a number with one value no token has.
trait TableKey: Copy + Eq {
    /// The key of an empty entry.
    const EMPTY: Self;
    /// The key mixed into 64 bits, whose high bits choose the entry.
    fn spread(self) -> u64;
}

/// Multiplying by it spreads a key's bits into the high bits (Fibonacci
/// hashing).
const SPREAD: u64 = 0x9E37_79B9_7F4A_7C15;

impl TableKey for u64 {
    /// A pair's key is 0 only for two U+0000, which are no Han characters.
    const EMPTY: Self = 0;
    #[inline(always)]
    fn spread(self) -> u64 {
        self.wrapping_mul(SPREAD)
    }
}

impl TableKey for u128 {
    /// A short word's key is 0 only for the empty word, which is no token.
    const EMPTY: Self = 0;
    #[inline(always)]
    fn spread(self) -> u64 {
        ((self as u64) ^ ((self >> 64) as u64).wrapping_mul(SPREAD).rotate_left(32))
            .wrapping_mul(SPREAD)
    }
}

/// Slots of the tokens met most often, by a number made from the token
/// (a Han pair's two code points, a short word's bytes): open addressing
/// with linear probing in a table a power of two in size, each entry's
/// key and slot side by side. A token is found with a multiply or two, a
/// shift and mostly one compare; a general hash map's probing cost about
/// twice as many instructions, and every pair of every Chinese text and
/// nearly every English word is looked up here.
struct SlotTable<K> {
    /// `(key, slot)`, [`TableKey::EMPTY`] for an empty entry.
    entries: Vec<(K, u32)>,
    len: usize,
    /// 64 minus the table size's power of two.
    shift: u32,
}

impl<K: TableKey> SlotTable<K> {
    fn new() -> Self {
        const BITS: u32 = 12;
        SlotTable {
            entries: vec![(K::EMPTY, 0); 1 << BITS],
            len: 0,
            shift: 64 - BITS,
        }
    }

    /// The slot of `key`, made by `new_slot` if the key is new.
    #[inline(always)]
    fn slot(&mut self, key: K, new_slot: impl FnOnce() -> u32) -> u32 {
        let mask = self.entries.len() - 1;
        let mut at = (key.spread() >> self.shift) as usize;
        loop {
            let (found, slot) = self.entries[at];
            if found == key {
                return slot;
            }
            if found == K::EMPTY {
                let slot = new_slot();
                self.entries[at] = (key, slot);
                self.len += 1;
                // At most half full, so runs of taken entries stay short.
                if self.len * 2 > self.entries.len() {
                    self.grow();
                }
                return slot;
            }
            at = (at + 1) & mask;
        }
    }

    #[cold]
    fn grow(&mut self) {
        let doubled = vec![(K::EMPTY, 0); self.entries.len() * 2];
        let old = std::mem::replace(&mut self.entries, doubled);
        self.shift -= 1;
        let mask = self.entries.len() - 1;
        for (key, slot) in old.into_iter().filter(|&(key, _)| key != K::EMPTY) {
            let mut at = (key.spread() >> self.shift) as usize;
            while self.entries[at].0 != K::EMPTY {
                at = (at + 1) & mask;
            }
            self.entries[at] = (key, slot);
        }
    }
}

/// The tokens and their lists, by slot.
struct Slots {
    /// The number of documents.
    documents: usize,
    /// The length of their bitmap as written (`!` and base64): a list of
    /// deltas longer than that becomes a bitmap.
    bitmap_text_len: usize,
    lists: Vec<Posting>,
    /// Each slot's last document, apart from the lists: a dense array that
    /// stays in cache, so a token met again in the same document costs no
    /// look at its list.
    last: Vec<u32>,
    /// Each slot's token, for the files.
    tokens: Vec<String>,
}

impl Slots {
    fn new(documents: usize) -> Self {
        Slots {
            documents,
            bitmap_text_len: bitmap_text_len(documents),
            lists: Vec::new(),
            last: Vec::new(),
            tokens: Vec::new(),
        }
    }

    fn new_slot(&mut self, token: String) -> u32 {
        self.lists.push(Posting {
            all: List::Deltas(Vec::new()),
            title: Vec::new(),
        });
        self.last.push(NO_DOCUMENT);
        self.tokens.push(token);
        (self.lists.len() - 1) as u32
    }

    #[inline(always)]
    fn add(&mut self, slot: u32, id: u32, in_title: bool) {
        let slot = slot as usize;
        let last = self.last[slot];
        if last != id {
            let previous = if last == NO_DOCUMENT { 0 } else { last };
            self.last[slot] = id;
            let list = &mut self.lists[slot].all;
            match list {
                List::Deltas(deltas) => {
                    push_delta(deltas, id - previous);
                    if deltas.len() > self.bitmap_text_len {
                        *list = List::Bitmap(bitmap(deltas, self.documents));
                    }
                }
                List::Bitmap(bits) => set_bit(bits, id),
            }
        }
        if in_title {
            let title = &mut self.lists[slot].title;
            if title.last() != Some(&id) {
                title.push(id);
            }
        }
    }
}

impl Postings {
    fn new(documents: usize) -> Self {
        Postings {
            short_words: SlotTable::new(),
            words: FastMap::default(),
            han: vec![NO_SLOT; 0x1_0000],
            pairs: SlotTable::new(),
            other: FastMap::default(),
            slots: Slots::new(documents),
        }
    }

    /// Adds document `id` to the list of every token of `text`: words,
    /// and for Han runs every pair and every character.
    fn add_text(&mut self, scratch: &mut Scratch, text: &str, id: u32, in_title: bool) {
        scratch.scan(text, |piece| match piece {
            Piece::Word(word) => {
                let slot = if word.len() <= 16 {
                    let slots = &mut self.slots;
                    self.short_words.slot(short_word_key(word.as_bytes()), || {
                        slots.new_slot(word.to_string())
                    })
                } else {
                    match self.words.get(word) {
                        Some(&slot) => slot,
                        None => {
                            let slot = self.slots.new_slot(word.to_string());
                            self.words.insert(word.to_string(), slot);
                            slot
                        }
                    }
                };
                self.slots.add(slot, id, in_title);
            }
            Piece::Han(run) => {
                let mut previous = None;
                for &c in run {
                    let slot = self.han_slot(c);
                    self.slots.add(slot, id, in_title);
                    if let Some(p) = previous {
                        let slots = &mut self.slots;
                        let slot = self
                            .pairs
                            .slot(char_pair(p, c), || slots.new_slot([p, c].iter().collect()));
                        self.slots.add(slot, id, in_title);
                    }
                    previous = Some(c);
                }
            }
        });
    }

    fn han_slot(&mut self, c: char) -> u32 {
        let slots = &mut self.slots;
        match self.han.get_mut(c as usize) {
            Some(slot) => {
                if *slot == NO_SLOT {
                    *slot = slots.new_slot(c.to_string());
                }
                *slot
            }
            None => *self
                .other
                .entry(c)
                .or_insert_with(|| slots.new_slot(c.to_string())),
        }
    }
}

/// A word of up to 16 bytes as a number: its bytes in little-endian order,
/// zeros after them. Read from the word a few bytes at a time (two reads
/// that may overlap, whose shared bytes are the same), not byte by byte.
#[inline]
fn short_word_key(word: &[u8]) -> u128 {
    let length = word.len();
    let (low, high) = match length {
        0 => (0, 0),
        1..=3 => {
            let middle = length / 2;
            let low = word[0] as u64
                | (word[middle] as u64) << (8 * middle)
                | (word[length - 1] as u64) << (8 * (length - 1));
            (low, 0)
        }
        4..=7 => {
            let head = u32_at(word, 0) as u64;
            let tail = u32_at(word, length - 4) as u64;
            (head | tail << (8 * (length - 4)), 0)
        }
        _ => {
            let high = if length > 8 {
                u64_at(word, length - 8) >> (8 * (16 - length))
            } else {
                0
            };
            (u64_at(word, 0), high)
        }
    };
    (high as u128) << 64 | low as u128
}

/// The 4 bytes of `bytes` from `at`, little-endian.
#[inline(always)]
fn u32_at(bytes: &[u8], at: usize) -> u32 {
    let mut four = [0; 4];
    four.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(four)
}

/// The 8 bytes of `bytes` from `at`, little-endian.
#[inline(always)]
fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut eight = [0; 8];
    eight.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(eight)
}

/// A piece of folded text: a stemmed word or a run of Han characters.
pub enum Piece<'a> {
    Word(&'a str),
    Han(&'a [char]),
}

/// Buffers reused while scanning many texts.
#[derive(Default)]
struct Scratch {
    /// An ASCII text lowercased.
    ascii: String,
    /// Any other text's characters between two Han runs, folded
    /// (full-width forms half-width, lower case).
    chars: Vec<char>,
    /// A run of Han characters.
    han: Vec<char>,
    word: String,
}

impl Scratch {
    /// Calls `f` with each word and Han run of `text`, as `search.js` splits a query.
    fn scan(&mut self, text: &str, mut f: impl FnMut(Piece)) {
        // Most English texts are ASCII throughout: bytes are their characters.
        if text.is_ascii() {
            return self.scan_ascii(text, &mut f);
        }
        // An English text with a few other characters (dashes, quotes) is
        // cut at spaces, which end every word and Han run, into stretches
        // of ASCII and short stretches around the others. A long stretch
        // of other characters is Chinese text: from there on, all of it is
        // looked at a character at a time.
        const SHORT: usize = 64;
        let mut rest = text;
        while let Some(first) = rest.bytes().position(|b| !b.is_ascii()) {
            let bytes = rest.as_bytes();
            let start = bytes[..first]
                .iter()
                .rposition(u8::is_ascii_whitespace)
                .map_or(0, |at| at + 1);
            if start > 0 {
                self.scan_ascii(&rest[..start], &mut f);
            }
            let end = bytes[first..]
                .iter()
                .take(SHORT)
                .position(u8::is_ascii_whitespace)
                .map(|at| first + at);
            let Some(end) = end else {
                return self.scan_chars(&rest[start..], &mut f);
            };
            self.scan_chars(&rest[start..end], &mut f);
            rest = &rest[end..];
        }
        if !rest.is_empty() {
            self.scan_ascii(rest, &mut f);
        }
    }

    fn scan_ascii(&mut self, text: &str, f: &mut impl FnMut(Piece)) {
        self.ascii.clear();
        self.ascii.push_str(text);
        self.ascii.make_ascii_lowercase();
        split_ascii(&self.ascii, &mut self.word, f)
    }

    fn scan_chars(&mut self, text: &str, mut f: &mut impl FnMut(Piece)) {
        let Scratch {
            chars, han, word, ..
        } = self;
        // Han characters go to their run as they are (they fold to
        // themselves), the rest is folded and split between the runs: most
        // of a Chinese text is looked at once.
        chars.clear();
        han.clear();
        for c in text.chars() {
            if is_han(c) {
                if !chars.is_empty() {
                    split(chars, word, &mut f);
                    chars.clear();
                }
                han.push(c);
            } else {
                if !han.is_empty() {
                    f(Piece::Han(han));
                    han.clear();
                }
                push_folded(c, chars);
            }
        }
        if !han.is_empty() {
            f(Piece::Han(han));
        }
        split(chars, word, f)
    }
}

/// [`split`] for ASCII text, a byte a character: no Han runs, and words
/// are slices of the text, copied only to be stemmed or to take in a
/// number's separator (English is most of the text an index reads).
fn split_ascii(text: &str, word: &mut String, mut f: impl FnMut(Piece)) {
    /// Letters and digits, a flag a byte: one load where the three ranges
    /// took three compares, for every byte of every English text.
    const IN_WORD: [bool; 256] = {
        let mut table = [false; 256];
        let mut byte = 0;
        while byte < 256 {
            table[byte] = (byte as u8).is_ascii_alphanumeric();
            byte += 1;
        }
        table
    };
    let bytes = text.as_bytes();
    let in_word = |i: usize| bytes.get(i).is_some_and(|&b| IN_WORD[b as usize]);
    // `22.7`, `60,974`: a separator between digits stays inside the word.
    let number_goes_on = |i: usize| {
        matches!(bytes.get(i), Some(b'.' | b','))
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
    };
    let mut i = 0;
    while i < bytes.len() {
        if !in_word(i) {
            i += 1;
            continue;
        }
        let start = i;
        while in_word(i) {
            i += 1;
        }
        // Most words are used as they stand in the text: no separator
        // between digits follows, and no suffix rule applies.
        if !number_goes_on(i) && !may_take_suffix_rule(bytes[i - 1]) {
            f(Piece::Word(&text[start..i]));
            continue;
        }
        word.clear();
        word.push_str(&text[start..i]);
        while number_goes_on(i) {
            if bytes[i] == b'.' {
                word.push('.');
            }
            i += 1;
            let digits = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            word.push_str(&text[digits..i]);
        }
        stem_in_place(word);
        f(Piece::Word(word));
    }
}

/// Splits folded text without Han characters into words.
fn split(chars: &[char], word: &mut String, mut f: impl FnMut(Piece)) {
    let at = |i: usize| chars.get(i).copied();
    let mut i = 0;
    while let Some(c) = at(i) {
        if is_word(c) {
            word.clear();
            while let Some(c) = at(i).filter(|&c| is_word(c)) {
                word.push(c);
                i += 1;
            }
            // `22.7`, `60,974`: a separator between digits stays inside
            // the word (the comma is dropped).
            while let Some(separator) = at(i).filter(|&c| c == '.' || c == ',') {
                if !at(i + 1).is_some_and(char::is_numeric) {
                    break;
                }
                if separator == '.' {
                    word.push('.');
                }
                i += 1;
                while let Some(c) = at(i).filter(|c| c.is_numeric()) {
                    word.push(c);
                    i += 1;
                }
            }
            stem_in_place(word);
            f(Piece::Word(word));
        } else {
            i += 1;
        }
    }
}

/// Tokens of a query: words, and the bigrams of each Han run (the character
/// itself for a run of one).
pub fn query_tokens(query: &str) -> Vec<String> {
    let mut out = Vec::new();
    Scratch::default().scan(query, |piece| match piece {
        Piece::Han(run) if run.len() > 1 => {
            out.extend(run.windows(2).map(|w| w.iter().collect::<String>()))
        }
        Piece::Han(run) => out.push(run.iter().collect()),
        Piece::Word(word) => out.push(word.to_string()),
    });
    out.sort();
    out.dedup();
    out
}

/// FNV-1a over code points, as `search.js` computes it.
pub fn hash(token: &str) -> u32 {
    let mut h: u32 = 2166136261;
    for c in token.chars() {
        h = (h ^ c as u32).wrapping_mul(16777619);
    }
    h
}

const LAST: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
const MORE: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_";

/// A posting list: deltas as base-32 varints, or `!` + base64 bitmap when shorter.
fn encode(ids: &[u32], docs: usize) -> String {
    let mut deltas = Vec::with_capacity(ids.len() * 2);
    let mut previous = 0;
    for &id in ids {
        push_delta(&mut deltas, id - previous);
        previous = id;
    }
    list_text(deltas, docs)
}

/// Appends one delta as base-32 digits, most significant first.
#[inline]
fn push_delta(out: &mut Vec<u8>, mut value: u32) {
    if value < 32 {
        out.push(LAST[value as usize]);
        return;
    }
    // At most seven base-32 digits for a u32.
    let mut digits = [0u8; 7];
    let mut start = digits.len() - 1;
    digits[start] = LAST[(value & 31) as usize];
    value >>= 5;
    while value > 0 {
        start -= 1;
        digits[start] = MORE[(value & 31) as usize];
        value >>= 5;
    }
    out.extend_from_slice(&digits[start..]);
}

/// What each byte is as a digit of [`push_delta`]: `LAST_DIGIT | value`
/// for a last digit, `value` for a continuation digit, `NOT_DIGIT` else.
const DIGITS: [u8; 256] = {
    let mut table = [NOT_DIGIT; 256];
    let mut value = 0;
    while value < 32 {
        table[LAST[value] as usize] = LAST_DIGIT | value as u8;
        table[MORE[value] as usize] = value as u8;
        value += 1;
    }
    table
};
const LAST_DIGIT: u8 = 0x40;
const NOT_DIGIT: u8 = 0x80;

/// Calls `f` with each id of a list of deltas made by [`push_delta`].
#[inline]
fn each_id(digits: &[u8], mut f: impl FnMut(u32)) {
    let (mut value, mut previous) = (0u32, 0u32);
    for &digit in digits {
        let meaning = DIGITS[digit as usize];
        if meaning & NOT_DIGIT != 0 {
            continue;
        }
        value = (value << 5) | (meaning & 31) as u32;
        if meaning & LAST_DIGIT != 0 {
            previous += value;
            f(previous);
            value = 0;
        }
    }
}

/// The ids of a list of deltas made by [`push_delta`].
#[cfg(test)]
fn decode_deltas(digits: &[u8]) -> Vec<u32> {
    let mut ids = Vec::new();
    each_id(digits, |id| ids.push(id));
    ids
}

/// The list as it is written: its deltas, or the bitmap when that is shorter.
fn list_text(deltas: Vec<u8>, docs: usize) -> String {
    let bitmap_len = bitmap_text_len(docs);
    if bitmap_len >= deltas.len() {
        // Digits are ASCII.
        return String::from_utf8(deltas).unwrap_or_default();
    }
    bitmap_text(&bitmap(&deltas, docs))
}

/// A bitmap as it is written: `!` and base64.
fn bitmap_text(bits: &[u8]) -> String {
    let mut out = String::with_capacity(1 + bits.len().div_ceil(3) * 4);
    out.push('!');
    base64(bits, &mut out);
    out
}

/// The bits of the ids of a list of deltas, one per document.
#[cold]
#[inline(never)]
fn bitmap(deltas: &[u8], docs: usize) -> Vec<u8> {
    let mut bits = vec![0u8; docs.div_ceil(8)];
    each_id(deltas, |id| set_bit(&mut bits, id));
    bits
}

#[inline]
fn set_bit(bits: &mut [u8], id: u32) {
    bits[id as usize / 8] |= 1 << (id % 8);
}

/// The length of a bitmap of `docs` documents as written: `!` and base64.
fn bitmap_text_len(docs: usize) -> usize {
    1 + (docs.div_ceil(8)).div_ceil(3) * 4
}

fn base64(bytes: &[u8], out: &mut String) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for chunk in bytes.chunks(3) {
        let n = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
}

/// Appends `text` as a JSON string, escaped as serde_json escapes it. The
/// documents' texts are most of the index's bytes and rarely hold anything
/// to escape: sixteen bytes are checked at a time, in a form the compiler
/// makes into a few vector instructions.
fn push_json_string(out: &mut Vec<u8>, text: &str) {
    const BLOCK: usize = 16;
    // Whether any byte of `block` is below 0x20, a quote or a backslash.
    let needs_escape = |block: &[u8; BLOCK]| {
        block.iter().fold(false, |any, &b| {
            any | (b < 0x20) | (b == b'"') | (b == b'\\')
        })
    };
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        if let Some(Ok(block)) = bytes.get(at..at + BLOCK).map(<&[u8; BLOCK]>::try_from) {
            if !needs_escape(block) {
                at += BLOCK;
                continue;
            }
        }
        let escape: &[u8] = match bytes[at] {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            byte @ 0..=0x1F => &[
                b'\\',
                b'u',
                b'0',
                b'0',
                b"0123456789abcdef"[(byte >> 4) as usize],
                b"0123456789abcdef"[(byte & 15) as usize],
            ],
            _ => {
                at += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[copied..at]);
        out.extend_from_slice(escape);
        at += 1;
        copied = at;
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_cut_into_bigrams_and_words_are_stemmed() {
        assert_eq!(query_tokens("清潔生產"), ["清潔", "潔生", "生產"]);
        assert_eq!(query_tokens("ＶＯＣ 排放"), ["voc", "排放"]);
        assert_eq!(
            query_tokens("Cleaner Productions"),
            ["cleaner", "production"]
        );
        assert_eq!(
            query_tokens("boxes studies retrofitting used"),
            ["box", "retrofitt", "study", "used"]
        );
        assert_eq!(query_tokens("60,974 m³ 22.7"), ["22.7", "60974", "m³"]);
        // Lengths count characters, not bytes.
        assert_eq!(
            query_tokens("Cafés größes dyeing cooked éés"),
            ["café", "cook", "dye", "größe", "éés"]
        );
        assert_eq!(query_tokens("LED照明"), ["led", "照明"]);
    }

    /// A text that is not all ASCII is cut at spaces into stretches, each
    /// split by the splitter for its kind: the pieces must be those of the
    /// whole text looked at a character at a time.
    #[test]
    fn mixed_text_is_split_as_a_whole() {
        let chinese = "清潔生產伙伴計劃".repeat(4);
        for text in [
            "Energy use fell 22.7 per cent – the best since 2015. Café’s boilers, ＶＯＣ and studies",
            "清潔生產 partners: 60,974 tonnes – 東莞 factories 2021年12月16日 report",
            &format!("Summary: {chinese} and words after it, then 清潔 again"),
            &format!("{chinese}{chinese} 2021 dyeing"),
            "–start, end–",
            "a –b– c 22.7–23.5 5,–5 x\u{2028}y",
            "   ",
            "é",
        ] {
            let pieces = |whole: bool| {
                let mut scratch = Scratch::default();
                let mut pieces = Vec::new();
                let mut record = |piece: Piece| {
                    pieces.push(match piece {
                        Piece::Word(word) => format!("word {word}"),
                        Piece::Han(run) => format!("han {}", run.iter().collect::<String>()),
                    })
                };
                if whole {
                    scratch.scan_chars(text, &mut record);
                } else {
                    scratch.scan(text, record);
                }
                pieces
            };
            assert_eq!(pieces(false), pieces(true), "{text}");
        }
    }

    /// ASCII text takes its own splitter: it must cut as the one for all
    /// other text does.
    #[test]
    fn ascii_text_is_split_as_any_text() {
        for text in [
            "3.5kg end. Next 1.2.3 1,000,000 x,y a.b 2021.",
            "Cleaner Production Partnership Programme: 22.7% of 60,974 t CO2e, ,5 .5 5, 5. 5,,5 5..5",
            "Dyeing, finishing and boilers (2008-2024); audits/retrofits passed [ok]",
            "studies of glasses, boxes and matches: emissions reduced, dyeing, buses",
            "",
            "...,,,",
            "9",
        ] {
            let mut ascii = Vec::new();
            split_ascii(&text.to_ascii_lowercase(), &mut String::new(), |piece| {
                if let Piece::Word(word) = piece {
                    ascii.push(word.to_string())
                }
            });
            let chars: Vec<char> = text.to_ascii_lowercase().chars().collect();
            let mut any = Vec::new();
            split(&chars, &mut String::new(), |piece| {
                if let Piece::Word(word) = piece {
                    any.push(word.to_string())
                }
            });
            assert_eq!(ascii, any, "{text}");
        }
    }

    #[test]
    fn numbers_punctuation_and_other_scripts() {
        assert_eq!(
            query_tokens("3.5kg end. Next 1.2.3 1,000,000 x,y a.b 2021."),
            ["1.2.3", "1000000", "2021", "3.5", "a", "b", "end", "kg", "next", "x", "y"]
        );
        assert_eq!(
            query_tokens("清潔，生產。「環保」 東莞-深圳 ６０％ ＶＯＣｓ"),
            ["60", "voc", "東莞", "深圳", "清潔", "環保", "生產"]
        );
        // İ lowercases to i and a combining dot, which is no letter.
        assert_eq!(
            query_tokens("ÉCOLE İstanbul Straße ΣΊΣΥΦΟΣ 〇〆々 ①② ²³"),
            [
                "i",
                "stanbul",
                "straße",
                "²³",
                "école",
                "σίσυφοσ",
                "①②",
                "〇〆々"
            ]
        );
        assert_eq!(
            query_tokens("廣東省2021年12月16日 18:30 A1B2 …… 乙"),
            [
                "12", "16", "18", "2021", "30", "a1b2", "乙", "年", "廣東", "日", "月", "東省"
            ]
        );
    }

    #[test]
    fn json_strings_are_escaped_as_serde_json_escapes_them() {
        let mut texts: Vec<String> = (0u8..0x80)
            .map(|b| format!("ab{}cdefghij", b as char))
            .collect();
        // Every ASCII byte at each place of a block of sixteen, beside
        // another to escape, and at a block's edges in a longer text.
        for b in 0u8..0x80 {
            for at in [0, 1, 7, 14, 15, 16, 17, 31, 32, 39] {
                let mut text = "x".repeat(40);
                text.replace_range(at..at + 1, &(b as char).to_string());
                texts.push(text.clone());
                text.replace_range(at / 2..at / 2 + 1, "\n");
                texts.push(text);
            }
        }
        texts.extend(
            [
                "",
                "\"",
                "plain text, longer than eight bytes",
                "清潔生產「伙伴」\n第二段\t\u{1}\u{7f}\\end\"",
                "12345678\"12345678\\",
            ]
            .map(String::from),
        );
        for text in texts {
            let mut ours = Vec::new();
            push_json_string(&mut ours, &text);
            assert_eq!(
                String::from_utf8(ours).expect("UTF-8"),
                serde_json::to_string(&text).expect("serialises"),
                "{text:?}"
            );
        }
    }

    /// A slot table keeps every token's slot as it grows from 4 096
    /// entries to over 100 000, for pairs and for short words alike.
    #[test]
    fn slot_tables_find_every_token_after_growing() {
        fn check<K: TableKey + std::fmt::Debug>(key: impl Fn(u64) -> K) {
            let mut table = SlotTable::<K>::new();
            let mut made = 0;
            for n in 0..60_000 {
                let slot = table.slot(key(n), || {
                    made += 1;
                    made - 1
                });
                assert_eq!(slot, n as u32, "{:?}", key(n));
            }
            for n in (0..60_000).rev() {
                assert_eq!(table.slot(key(n), || panic!("{n} lost")), n as u32);
            }
            assert_eq!(table.len, 60_000);
            assert!(table.entries.len() >= 120_000);
        }
        let han = |code: u64| char::from_u32(code as u32).expect("a CJK ideograph");
        check(|n| char_pair(han(0x4E00 + n / 300), han(0x4E00 + n % 300)));
        check(|n| short_word_key(format!("w{n}x{}", n % 7).as_bytes()));
        check(|n| short_word_key(format!("production{n:06}").as_bytes()));
    }

    #[test]
    fn short_word_keys_are_the_bytes_as_a_number() {
        let every_length = (0..=16).map(|n| &"abcdefghijklmnopqrstuv"[..n]);
        for word in every_length.chain(["voc", "straße", "sixteen-bytes-xy"]) {
            let mut bytes = [0u8; 16];
            bytes[..word.len()].copy_from_slice(word.as_bytes());
            assert_eq!(
                short_word_key(word.as_bytes()),
                u128::from_le_bytes(bytes),
                "{word}"
            );
        }
    }

    #[test]
    fn a_list_turns_into_a_bitmap_when_that_is_shorter() {
        let documents = 100;
        for ids in [
            vec![2, 50, 99],
            (0..90).collect(),
            (0..100).step_by(3).collect(),
        ] {
            let mut slots = Slots::new(documents);
            let slot = slots.new_slot("token".into());
            for &id in &ids {
                slots.add(slot, id, false);
                slots.add(slot, id, false);
            }
            let made_on_the_way = matches!(slots.lists[0].all, List::Bitmap(_));
            let written = std::mem::replace(&mut slots.lists[0].all, List::Deltas(Vec::new()))
                .into_text(documents);
            assert_eq!(written, encode(&ids, documents), "{ids:?}");
            assert_eq!(made_on_the_way, written.starts_with('!'), "{ids:?}");
        }
    }

    #[test]
    fn posting_lists_round_trip_shapes() {
        assert_eq!(encode(&[0, 1, 33], 100), "01B0");
        assert!(encode(&(0..90).collect::<Vec<_>>(), 100).starts_with('!'));
        let ids = [3, 40, 41, 1_000, 70_000, u32::MAX - 1];
        let mut deltas = Vec::new();
        let mut previous = 0;
        for id in ids {
            push_delta(&mut deltas, id - previous);
            previous = id;
        }
        assert_eq!(decode_deltas(&deltas), ids);
    }
}
