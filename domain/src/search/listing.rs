use super::query::{EvidenceFacet, MAX_PAGE, PAGE_SIZE, PriceBand, StoneFacet};
use crate::makers::Technique;
use crate::pieces::{Metal, Sourcing};
use crate::shared::Country;
use serde::{Deserialize, Serialize};

/// How many results each facet value would give. Counted the way shoppers expect:
/// a value's count applies every other facet's filters but not its own facet's,
/// so ticking one more box in a facet adds results.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCounts {
    pub techniques: Vec<(Technique, u64)>,
    pub metals: Vec<(Metal, u64)>,
    pub stones: Vec<(StoneFacet, u64)>,
    pub sourcing: Vec<(Sourcing, u64)>,
    pub evidence: Vec<(EvidenceFacet, u64)>,
    pub countries: Vec<(Country, u64)>,
    pub prices: Vec<(PriceBand, u64)>,
    /// Results that are open for commissions.
    pub open: u64,
}

/// One page of a listing, with the total and the facet counts behind it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub facets: FacetCounts,
}

impl<T> Listing<T> {
    /// Pages a buyer can reach (deeper ones are clamped, see `MAX_PAGE`).
    pub fn pages(&self) -> u32 {
        u32::try_from(self.total.div_ceil(u64::from(PAGE_SIZE)))
            .unwrap_or(u32::MAX)
            .min(MAX_PAGE)
    }
}
