//! What a buyer asks a listing for, parsed from the query string of a shareable URL.
//!
//! Parsing never fails: a link someone pasted must always open a page. Values that
//! mean nothing are dropped and reported, so the page can say so.

use crate::makers::Technique;
use crate::pieces::{Metal, Sourcing, StoneKind};
use crate::shared::Country;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Results on one page of a listing.
pub const PAGE_SIZE: u32 = 24;
/// Deep pages are clamped here: nobody reads page 5,000, and it bounds the work.
pub const MAX_PAGE: u32 = 1_000;
/// Longer search texts are cut: no real query needs more.
pub const MAX_TEXT_CHARS: usize = 200;

/// How the claims of a piece's disclosure are backed, as a buyer filters: a piece
/// (or a maker, through their pieces) with at least one claim at that level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EvidenceFacet {
    Verified,
    Documented,
}

impl EvidenceFacet {
    pub const ALL: [EvidenceFacet; 2] = [EvidenceFacet::Verified, EvidenceFacet::Documented];

    pub fn slug(self) -> &'static str {
        match self {
            EvidenceFacet::Verified => "verified",
            EvidenceFacet::Documented => "documents",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EvidenceFacet::Verified => "Claims verified by Touchstone",
            EvidenceFacet::Documented => "Claims backed by documents",
        }
    }

    pub fn from_slug(slug: &str) -> Option<EvidenceFacet> {
        EvidenceFacet::ALL.into_iter().find(|e| e.slug() == slug)
    }

    /// The levels a disclosure reaches.
    pub fn of_disclosure(disclosure: &crate::provenance::Disclosure) -> Vec<EvidenceFacet> {
        let tally = crate::provenance::evidence_tally(disclosure);
        [
            (tally.verified > 0).then_some(EvidenceFacet::Verified),
            (tally.documented > 0).then_some(EvidenceFacet::Documented),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// Which stones a piece has, as a buyer filters: by kind, or none at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum StoneFacet {
    Natural,
    LabGrown,
    Imitation,
    NoStones,
}

impl StoneFacet {
    pub const ALL: [StoneFacet; 4] = [
        StoneFacet::Natural,
        StoneFacet::LabGrown,
        StoneFacet::Imitation,
        StoneFacet::NoStones,
    ];

    pub fn of_kind(kind: StoneKind) -> StoneFacet {
        match kind {
            StoneKind::Natural => StoneFacet::Natural,
            StoneKind::LabGrown => StoneFacet::LabGrown,
            StoneKind::Imitation => StoneFacet::Imitation,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            StoneFacet::Natural => "natural",
            StoneFacet::LabGrown => "lab-grown",
            StoneFacet::Imitation => "imitation",
            StoneFacet::NoStones => "none",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StoneFacet::Natural => "Natural stones",
            StoneFacet::LabGrown => "Laboratory-grown stones",
            StoneFacet::Imitation => "Imitation stones",
            StoneFacet::NoStones => "No stones",
        }
    }

    pub fn from_slug(slug: &str) -> Option<StoneFacet> {
        StoneFacet::ALL.into_iter().find(|s| s.slug() == slug)
    }
}

/// Price bands, compared in euros at an indicative rate so that every currency fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PriceBand {
    Under250,
    From250To1000,
    From1000To3000,
    From3000To10000,
    Over10000,
}

impl PriceBand {
    pub const ALL: [PriceBand; 5] = [
        PriceBand::Under250,
        PriceBand::From250To1000,
        PriceBand::From1000To3000,
        PriceBand::From3000To10000,
        PriceBand::Over10000,
    ];

    /// The band's euro-cent range, lower bound included, upper excluded.
    pub fn euro_cents(self) -> (i64, i64) {
        match self {
            PriceBand::Under250 => (0, 25_000),
            PriceBand::From250To1000 => (25_000, 100_000),
            PriceBand::From1000To3000 => (100_000, 300_000),
            PriceBand::From3000To10000 => (300_000, 1_000_000),
            PriceBand::Over10000 => (1_000_000, i64::MAX),
        }
    }

    pub fn of_euro_cents(cents: i64) -> PriceBand {
        PriceBand::ALL
            .into_iter()
            .find(|band| cents < band.euro_cents().1)
            .unwrap_or(PriceBand::Over10000)
    }

    /// Whether any price from `low` to `high` (euro cents) falls in the band.
    pub fn overlaps(self, low: i64, high: i64) -> bool {
        let (from, to) = self.euro_cents();
        low < to && high >= from
    }

    pub fn slug(self) -> &'static str {
        match self {
            PriceBand::Under250 => "under-250",
            PriceBand::From250To1000 => "250-1000",
            PriceBand::From1000To3000 => "1000-3000",
            PriceBand::From3000To10000 => "3000-10000",
            PriceBand::Over10000 => "over-10000",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PriceBand::Under250 => "Under €250",
            PriceBand::From250To1000 => "€250 to €1,000",
            PriceBand::From1000To3000 => "€1,000 to €3,000",
            PriceBand::From3000To10000 => "€3,000 to €10,000",
            PriceBand::Over10000 => "Over €10,000",
        }
    }

    pub fn from_slug(slug: &str) -> Option<PriceBand> {
        PriceBand::ALL.into_iter().find(|b| b.slug() == slug)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sort {
    /// Best text match first; without search words, the most recent work first.
    Relevance,
    Newest,
    PriceLowToHigh,
    PriceHighToLow,
}

impl Sort {
    pub const ALL: [Sort; 4] = [
        Sort::Relevance,
        Sort::Newest,
        Sort::PriceLowToHigh,
        Sort::PriceHighToLow,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::PriceLowToHigh => "price-low",
            Sort::PriceHighToLow => "price-high",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Relevance => "Best match",
            Sort::Newest => "Newest",
            Sort::PriceLowToHigh => "Price, low to high",
            Sort::PriceHighToLow => "Price, high to low",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.slug() == slug)
    }
}

/// A listing request: search words, facet filters (values within a facet widen the
/// result, facets narrow each other), a sort and a page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingQuery {
    /// Trimmed search words; empty when the buyer is only browsing.
    pub text: String,
    pub techniques: BTreeSet<Technique>,
    pub metals: BTreeSet<Metal>,
    pub stones: BTreeSet<StoneFacet>,
    pub sourcing: BTreeSet<Sourcing>,
    pub evidence: BTreeSet<EvidenceFacet>,
    pub countries: BTreeSet<Country>,
    pub prices: BTreeSet<PriceBand>,
    pub open_only: bool,
    /// `None` means the default: relevance with search words, newest without.
    pub sort: Option<Sort>,
    /// 1-based, at most `MAX_PAGE`.
    pub page: u32,
}

/// A query-string parameter the listing could not use; the page says it was ignored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ignored {
    pub key: String,
    pub value: String,
}

impl ListingQuery {
    /// Reads a listing request from decoded query-string pairs, in order.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Self, Vec<Ignored>) {
        let mut query = ListingQuery {
            page: 1,
            ..ListingQuery::default()
        };
        let mut ignored = Vec::new();
        for (key, value) in pairs {
            let value = value.trim();
            let understood = match key {
                "q" => {
                    query.text = normalise_text(value);
                    true
                }
                "technique" => insert(&mut query.techniques, Technique::from_slug(value)),
                "metal" => insert(&mut query.metals, Metal::from_slug(value)),
                "stone" => insert(&mut query.stones, StoneFacet::from_slug(value)),
                "sourcing" => insert(&mut query.sourcing, Sourcing::from_slug(value)),
                "evidence" => insert(&mut query.evidence, EvidenceFacet::from_slug(value)),
                "country" => insert(&mut query.countries, Country::parse(value).ok()),
                "price" => insert(&mut query.prices, PriceBand::from_slug(value)),
                "open" => match value {
                    "1" | "on" | "true" => {
                        query.open_only = true;
                        true
                    }
                    "" | "0" => true,
                    _ => false,
                },
                "sort" => match Sort::from_slug(value) {
                    Some(sort) => {
                        query.sort = Some(sort);
                        true
                    }
                    None => value.is_empty(),
                },
                "page" => match value.parse::<u64>() {
                    Ok(page) if page >= 1 => {
                        query.page =
                            u32::try_from(page.min(u64::from(MAX_PAGE))).unwrap_or(MAX_PAGE);
                        true
                    }
                    _ => false,
                },
                // Anything else (tracking tags, old links) is harmless and silently ignored.
                _ => true,
            };
            if !understood && ignored.len() < 10 {
                ignored.push(Ignored {
                    key: truncate(key, 40),
                    value: truncate(value, 40),
                });
            }
        }
        (query, ignored)
    }

    /// The sort actually applied.
    pub fn effective_sort(&self) -> Sort {
        match self.sort {
            Some(Sort::Relevance) | None if self.text.is_empty() => Sort::Newest,
            Some(sort) => sort,
            None => Sort::Relevance,
        }
    }

    pub fn has_filters(&self) -> bool {
        !(self.techniques.is_empty()
            && self.metals.is_empty()
            && self.stones.is_empty()
            && self.sourcing.is_empty()
            && self.evidence.is_empty()
            && self.countries.is_empty()
            && self.prices.is_empty())
            || self.open_only
    }

    /// Rows to skip to reach this page.
    pub fn offset(&self) -> u64 {
        u64::from(self.page.clamp(1, MAX_PAGE) - 1) * u64::from(PAGE_SIZE)
    }

    /// The canonical query string (without `?`), in a stable order, so that equal
    /// requests share one URL.
    pub fn to_query_string(&self) -> String {
        let mut out = QueryString::default();
        if !self.text.is_empty() {
            out.push("q", &self.text);
        }
        for t in &self.techniques {
            out.push("technique", t.slug());
        }
        for m in &self.metals {
            out.push("metal", m.slug());
        }
        for s in &self.stones {
            out.push("stone", s.slug());
        }
        for s in &self.sourcing {
            out.push("sourcing", s.slug());
        }
        for e in &self.evidence {
            out.push("evidence", e.slug());
        }
        for c in &self.countries {
            out.push("country", c.code());
        }
        for p in &self.prices {
            out.push("price", p.slug());
        }
        if self.open_only {
            out.push("open", "1");
        }
        if let Some(sort) = self.sort {
            out.push("sort", sort.slug());
        }
        if self.page > 1 {
            out.push("page", &self.page.to_string());
        }
        out.0
    }

    pub fn with_page(&self, page: u32) -> ListingQuery {
        ListingQuery {
            page,
            ..self.clone()
        }
    }
}

fn insert<T: Ord>(set: &mut BTreeSet<T>, value: Option<T>) -> bool {
    match value {
        Some(value) => {
            set.insert(value);
            true
        }
        None => false,
    }
}

/// Collapses whitespace, drops control characters and cuts the text to `MAX_TEXT_CHARS`.
fn normalise_text(raw: &str) -> String {
    raw.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_TEXT_CHARS)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

fn truncate(text: &str, max_chars: usize) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .take(max_chars)
        .collect()
}

/// An `application/x-www-form-urlencoded` query string, as a GET form would send it.
#[derive(Default)]
struct QueryString(String);

impl QueryString {
    fn push(&mut self, key: &str, value: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.0.push_str(key);
        self.0.push('=');
        self.0.push_str(&crate::shared::url_encode(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> (ListingQuery, Vec<Ignored>) {
        ListingQuery::parse(pairs.iter().copied())
    }

    #[test]
    fn reads_every_facet_and_writes_one_canonical_url() {
        let (query, ignored) = parse(&[
            ("metal", "silver"),
            ("q", "  opal   ring "),
            ("technique", "filigree"),
            ("metal", "platinum"),
            ("stone", "none"),
            ("sourcing", "fairmined"),
            ("evidence", "verified"),
            ("country", "jp"),
            ("price", "250-1000"),
            ("open", "1"),
            ("sort", "price-low"),
            ("page", "3"),
            ("utm_source", "newsletter"),
        ]);
        assert!(ignored.is_empty());
        assert_eq!(query.text, "opal ring");
        assert_eq!(query.offset(), 48);
        assert_eq!(
            query.to_query_string(),
            "q=opal+ring&technique=filigree&metal=silver&metal=platinum&stone=none\
             &sourcing=fairmined&evidence=verified&country=JP&price=250-1000&open=1\
             &sort=price-low&page=3"
        );
        let pairs: Vec<(String, String)> = query
            .to_query_string()
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                (k.to_owned(), v.replace('+', " "))
            })
            .collect();
        let (again, _) = ListingQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(again, query);
    }

    #[test]
    fn nonsense_is_ignored_and_reported_never_fatal() {
        let long = "x".repeat(10_000);
        let (query, ignored) = parse(&[
            ("metal", "unobtanium"),
            ("page", "-4"),
            ("page", "99999999999999999999"),
            ("sort", "'; DROP TABLE pieces; --"),
            ("country", "ZZ"),
            ("open", "maybe"),
            ("q", &long),
        ]);
        assert!(query.metals.is_empty());
        assert_eq!(query.page, 1);
        assert_eq!(query.sort, None);
        assert_eq!(query.text.chars().count(), MAX_TEXT_CHARS);
        assert_eq!(ignored.len(), 6);
        assert!(ignored.iter().all(|i| i.value.chars().count() <= 40));
    }

    #[test]
    fn deep_pages_are_clamped() {
        let (query, ignored) = parse(&[("page", "4000000")]);
        assert!(ignored.is_empty());
        assert_eq!(query.page, MAX_PAGE);
        assert_eq!(
            query.offset(),
            u64::from(MAX_PAGE - 1) * u64::from(PAGE_SIZE)
        );
    }

    #[test]
    fn markup_and_odd_characters_are_encoded_in_links() {
        let (query, _) = parse(&[("q", "<b>&\"ring\" é\u{0}")]);
        assert_eq!(query.text, "<b>&\"ring\" é");
        assert_eq!(query.to_query_string(), "q=%3Cb%3E%26%22ring%22+%C3%A9");
    }

    #[test]
    fn relevance_needs_search_words() {
        let (browse, _) = parse(&[("sort", "relevance")]);
        assert_eq!(browse.effective_sort(), Sort::Newest);
        let (search, _) = parse(&[("q", "opal")]);
        assert_eq!(search.effective_sort(), Sort::Relevance);
        let (priced, _) = parse(&[("q", "opal"), ("sort", "price-high")]);
        assert_eq!(priced.effective_sort(), Sort::PriceHighToLow);
    }

    #[test]
    fn price_bands_cover_every_amount_once() {
        for cents in [0, 24_999, 25_000, 99_999, 100_000, 2_999_999, i64::MAX] {
            let band = PriceBand::of_euro_cents(cents);
            let (from, to) = band.euro_cents();
            assert!(from <= cents && (cents < to || to == i64::MAX));
        }
        assert!(PriceBand::From250To1000.overlaps(10_000, 30_000));
        assert!(!PriceBand::From250To1000.overlaps(100_000, 500_000));
    }
}
