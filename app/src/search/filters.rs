//! The filter form, result count and page links that the maker directory and the
//! piece search share. All of it is plain server-rendered HTML: a GET form whose
//! every result page has a shareable URL and works without JavaScript.

use crate::makers::Technique;
use crate::pieces::{Metal, Sourcing};
use crate::search::FacetCounts;
use crate::search::{EvidenceFacet, Ignored, ListingQuery, PriceBand, Sort, StoneFacet};
use leptos::prelude::*;

/// Which listing a form filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListingKind {
    Makers,
    Pieces,
}

impl ListingKind {
    pub fn path(self) -> &'static str {
        match self {
            ListingKind::Makers => "/makers",
            ListingKind::Pieces => "/search",
        }
    }

    fn noun(self, count: u64) -> &'static str {
        match (self, count) {
            (ListingKind::Makers, 1) => "maker",
            (ListingKind::Makers, _) => "makers",
            (ListingKind::Pieces, 1) => "piece",
            (ListingKind::Pieces, _) => "pieces",
        }
    }

    /// The URL of a listing page for `query`.
    pub fn url(self, query: &ListingQuery) -> String {
        let query_string = query.to_query_string();
        if query_string.is_empty() {
            self.path().to_owned()
        } else {
            format!("{}?{query_string}", self.path())
        }
    }
}

/// One checkbox of a facet: shown when anything matches it, or when it is ticked
/// (so a buyer can always untick what they chose).
struct Choice {
    name: &'static str,
    value: String,
    label: String,
    count: u64,
    checked: bool,
}

fn choices<T: Copy + Ord>(
    name: &'static str,
    counts: &[(T, u64)],
    chosen: &std::collections::BTreeSet<T>,
    slug: impl Fn(T) -> String,
    label: impl Fn(T) -> String,
) -> Vec<Choice> {
    // A ticked value may have no results left under the other filters (and so no
    // count at all): it still gets its box, so that it can be unticked.
    let missing = chosen
        .iter()
        .filter(|value| !counts.iter().any(|(v, _)| v == *value))
        .map(|value| (*value, 0));
    counts
        .iter()
        .copied()
        .chain(missing)
        .filter(|(value, count)| *count > 0 || chosen.contains(value))
        .map(|(value, count)| Choice {
            name,
            value: slug(value),
            label: label(value),
            count,
            checked: chosen.contains(&value),
        })
        .collect()
}

#[component]
fn Facet(legend: &'static str, choices: Vec<Choice>, open: bool) -> impl IntoView {
    if choices.is_empty() {
        return None;
    }
    let open = open || choices.iter().any(|c| c.checked);
    let id = choices.first().map(|c| format!("facet-{}", c.name));
    Some(view! {
        <details class="facet" id=id open=open>
            <summary class="facet__name">{legend}</summary>
            <fieldset class="facet__choices">
                <legend class="visually-hidden">{legend}</legend>
                {choices
                    .into_iter()
                    .map(|choice| {
                        let id = format!("{}-{}", choice.name, choice.value.to_lowercase());
                        view! {
                            <div class="facet__choice">
                                <input
                                    type="checkbox"
                                    id=id.clone()
                                    name=choice.name
                                    value=choice.value
                                    checked=choice.checked
                                />
                                <label for=id>
                                    {choice.label}
                                    <span class="facet__count">{format!(" ({})", choice.count)}</span>
                                </label>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </details>
    })
}

/// The search box, facets and sort of a listing, as a GET form.
#[component]
pub fn FilterForm(kind: ListingKind, query: ListingQuery, facets: FacetCounts) -> impl IntoView {
    let label_of = |s: &str| s.to_owned();
    let techniques = choices(
        "technique",
        &facets.techniques,
        &query.techniques,
        |t: Technique| t.slug().to_owned(),
        |t| label_of(t.label()),
    );
    let metals = choices(
        "metal",
        &facets.metals,
        &query.metals,
        |m: Metal| m.slug().to_owned(),
        |m| {
            let label = m.label();
            label[..1].to_uppercase() + &label[1..]
        },
    );
    let stones = choices(
        "stone",
        &facets.stones,
        &query.stones,
        |s: StoneFacet| s.slug().to_owned(),
        |s| label_of(s.label()),
    );
    let sourcing = choices(
        "sourcing",
        &facets.sourcing,
        &query.sourcing,
        |s: Sourcing| s.slug().to_owned(),
        |s| label_of(s.label()),
    );
    let evidence = choices(
        "evidence",
        &facets.evidence,
        &query.evidence,
        |e: EvidenceFacet| e.slug().to_owned(),
        |e| label_of(e.label()),
    );
    let countries = choices(
        "country",
        &facets.countries,
        &query.countries,
        |c| c.code().to_owned(),
        |c| c.name().to_owned(),
    );
    let prices = choices(
        "price",
        &facets.prices,
        &query.prices,
        |p: PriceBand| p.slug().to_owned(),
        |p| label_of(p.label()),
    );
    let open_label = match kind {
        ListingKind::Makers => "Only makers open for commissions",
        ListingKind::Pieces => "Only from makers open for commissions",
    };
    let search_label = match kind {
        ListingKind::Makers => "Search makers",
        ListingKind::Pieces => "Search pieces",
    };
    let has_text = !query.text.is_empty();

    view! {
        <form class="filters" method="get" action=kind.path() role="search" aria-label=search_label>
            <div class="filters__search">
                <label for="listing-q">{search_label}</label>
                <input
                    type="search"
                    id="listing-q"
                    name="q"
                    value=query.text.clone()
                    maxlength=super::MAX_TEXT_CHARS
                    placeholder="opal, filigree, Kyoto…"
                    autocomplete="off"
                />
            </div>
            <div class="filters__sort">
                <label for="listing-sort">"Sort by"</label>
                <select id="listing-sort" name="sort">
                    {sort_options(has_text, query.sort)
                        .into_iter()
                        .map(|(value, label, selected)| view! {
                            <option value=value selected=selected>{label}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="facet facet--switch">
                <input
                    type="checkbox"
                    id="listing-open"
                    name="open"
                    value="1"
                    checked=query.open_only
                />
                <label for="listing-open">
                    {open_label}
                    <span class="facet__count">{format!(" ({})", facets.open)}</span>
                </label>
            </div>
            <Facet legend="Metal" choices=metals open=true/>
            <Facet legend="Stones" choices=stones open=true/>
            <Facet legend="Price" choices=prices open=true/>
            <Facet legend="Sourcing" choices=sourcing open=false/>
            <Facet legend="Evidence" choices=evidence open=false/>
            <Facet legend="Technique" choices=techniques open=false/>
            <Facet legend="Country" choices=countries open=false/>
            <div class="filters__actions">
                <button type="submit" class="button" id="listing-apply">"Apply filters"</button>
                <a class="button button--quiet" href=kind.path()>"Clear all"</a>
            </div>
        </form>
    }
}

/// The sort choices as (value, label, selected). The default sort submits an empty
/// value, so that adding search words later switches it to best match by itself.
fn sort_options(has_text: bool, chosen: Option<Sort>) -> Vec<(&'static str, &'static str, bool)> {
    let default = if has_text {
        Sort::Relevance
    } else {
        Sort::Newest
    };
    let chosen = chosen.filter(|s| *s != default && (has_text || *s != Sort::Relevance));
    std::iter::once(("", default.label(), chosen.is_none()))
        .chain(
            Sort::ALL
                .into_iter()
                .filter(|s| *s != default && *s != Sort::Relevance)
                .map(|s| (s.slug(), s.label(), chosen == Some(s))),
        )
        .collect()
}

/// "37 pieces", and a note on anything in the link that was left out.
#[component]
pub fn ResultSummary(kind: ListingKind, total: u64, ignored: Vec<Ignored>) -> impl IntoView {
    let left_out = (!ignored.is_empty()).then(|| {
        let list = ignored
            .iter()
            .map(|i| format!("{} \u{201c}{}\u{201d}", i.key, i.value))
            .collect::<Vec<_>>()
            .join(", ");
        view! {
            <p class="notice">
                "Some filters in this link weren't recognised and were left out: " {list} "."
            </p>
        }
    });
    view! {
        {left_out}
        <h2 class="listing__count" id="listing-count" tabindex="-1">
            {format!("{total} {}", kind.noun(total))}
        </h2>
    }
}

/// Previous / next links with stable URLs.
#[component]
pub fn Pagination(kind: ListingKind, query: ListingQuery, pages: u32) -> impl IntoView {
    let page = query.page;
    if pages <= 1 && page <= 1 {
        return None;
    }
    let previous = (page > 1).then(|| {
        let target = page.min(pages.max(1) + 1) - 1;
        view! {
            <a class="button button--quiet" rel="prev" href=kind.url(&query.with_page(target))>
                "Previous page"
            </a>
        }
    });
    let next = (page < pages).then(|| {
        view! {
            <a class="button button--quiet" rel="next" href=kind.url(&query.with_page(page + 1))>
                "Next page"
            </a>
        }
    });
    let position = if page > pages {
        format!("Page {page}: past the last page ({pages})")
    } else {
        format!("Page {page} of {pages}")
    };
    Some(view! {
        <nav class="pagination" aria-label="Pages">
            {previous}
            <span class="pagination__position">{position}</span>
            {next}
        </nav>
    })
}

/// A whole listing: the filter form beside the count, the results and the page
/// links, all inside the island that lets the form filter in place.
#[component]
pub fn ListingView(
    kind: ListingKind,
    query: ListingQuery,
    ignored: Vec<Ignored>,
    total: u64,
    pages: u32,
    facets: FacetCounts,
    /// The result cards, or `None` when nothing matched.
    results: Option<AnyView>,
) -> impl IntoView {
    let empty = match kind {
        ListingKind::Makers => "No maker matches all of that. Try fewer filters or other words.",
        ListingKind::Pieces => "No piece matches all of that. Try fewer filters or other words.",
    };
    view! {
        <super::LiveListing>
            <div class="listing" id="listing">
                <FilterForm kind query=query.clone() facets/>
                <section class="listing__results" aria-labelledby="listing-count">
                    <ResultSummary kind total ignored/>
                    {results.unwrap_or_else(|| view! { <p class="listing__empty">{empty}</p> }.into_any())}
                    <Pagination kind query pages/>
                </section>
            </div>
        </super::LiveListing>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticked_value_without_results_can_still_be_unticked() {
        let japan = crate::shared::Country::parse("JP").unwrap();
        let britain = crate::shared::Country::parse("GB").unwrap();
        let shown = choices(
            "country",
            &[(britain, 2)],
            &[japan].into_iter().collect(),
            |c| c.code().to_owned(),
            |c| c.name().to_owned(),
        );
        assert_eq!(shown.len(), 2);
        assert!(
            shown
                .iter()
                .any(|c| c.value == "JP" && c.checked && c.count == 0)
        );
    }

    #[test]
    fn the_default_sort_submits_nothing() {
        assert_eq!(
            sort_options(false, None),
            vec![
                ("", "Newest", true),
                ("price-low", "Price, low to high", false),
                ("price-high", "Price, high to low", false),
            ]
        );
        let with_text = sort_options(true, Some(Sort::PriceHighToLow));
        assert_eq!(with_text[0], ("", "Best match", false));
        assert!(with_text.contains(&("newest", "Newest", false)));
        assert!(with_text.contains(&("price-high", "Price, high to low", true)));
        assert!(sort_options(false, Some(Sort::Relevance))[0].2);
    }
}
