pub use crate::shared::MakerId;
use crate::shared::{Country, ImageRef, Money, Slug};
use serde::{Deserialize, Serialize};

/// Making techniques: the controlled vocabulary makers and pieces are tagged with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Technique {
    HandFabrication,
    Forging,
    LostWaxCasting,
    WireWrapping,
    Filigree,
    Granulation,
    ChasingRepousse,
    HandEngraving,
    MachineEngraving,
    BezelSetting,
    ProngSetting,
    FlushSetting,
    PaveSetting,
    ChannelSetting,
    Enamelling,
    CadCasting,
    Stamping,
    Electroforming,
}

impl Technique {
    pub const ALL: [Technique; 18] = [
        Technique::HandFabrication,
        Technique::Forging,
        Technique::LostWaxCasting,
        Technique::WireWrapping,
        Technique::Filigree,
        Technique::Granulation,
        Technique::ChasingRepousse,
        Technique::HandEngraving,
        Technique::MachineEngraving,
        Technique::BezelSetting,
        Technique::ProngSetting,
        Technique::FlushSetting,
        Technique::PaveSetting,
        Technique::ChannelSetting,
        Technique::Enamelling,
        Technique::CadCasting,
        Technique::Stamping,
        Technique::Electroforming,
    ];

    /// The stable name used in URLs and storage.
    pub fn slug(self) -> &'static str {
        match self {
            Technique::HandFabrication => "hand-fabrication",
            Technique::Forging => "forging",
            Technique::LostWaxCasting => "lost-wax-casting",
            Technique::WireWrapping => "wire-wrapping",
            Technique::Filigree => "filigree",
            Technique::Granulation => "granulation",
            Technique::ChasingRepousse => "chasing-repousse",
            Technique::HandEngraving => "hand-engraving",
            Technique::MachineEngraving => "machine-engraving",
            Technique::BezelSetting => "bezel-setting",
            Technique::ProngSetting => "prong-setting",
            Technique::FlushSetting => "flush-setting",
            Technique::PaveSetting => "pave-setting",
            Technique::ChannelSetting => "channel-setting",
            Technique::Enamelling => "enamelling",
            Technique::CadCasting => "cad-casting",
            Technique::Stamping => "stamping",
            Technique::Electroforming => "electroforming",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Technique::HandFabrication => "Hand fabrication",
            Technique::Forging => "Forging",
            Technique::LostWaxCasting => "Lost-wax casting",
            Technique::WireWrapping => "Wire wrapping",
            Technique::Filigree => "Filigree",
            Technique::Granulation => "Granulation",
            Technique::ChasingRepousse => "Chasing and repoussé",
            Technique::HandEngraving => "Hand engraving",
            Technique::MachineEngraving => "Machine engraving",
            Technique::BezelSetting => "Bezel setting",
            Technique::ProngSetting => "Prong setting",
            Technique::FlushSetting => "Flush setting",
            Technique::PaveSetting => "Pavé setting",
            Technique::ChannelSetting => "Channel setting",
            Technique::Enamelling => "Enamelling",
            Technique::CadCasting => "CAD, printed wax and casting",
            Technique::Stamping => "Stamping",
            Technique::Electroforming => "Electroforming",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Technique> {
        Technique::ALL.into_iter().find(|t| t.slug() == slug)
    }
}

/// Where a maker's studio is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub country: Country,
    pub region: Option<String>,
    pub city: Option<String>,
}

impl Location {
    /// "Kyoto, Japan" — the city when known, else the region, then the country.
    pub fn short(&self) -> String {
        match self.city.as_deref().or(self.region.as_deref()) {
            Some(place) => format!("{place}, {}", self.country.name()),
            None => self.country.name().to_owned(),
        }
    }
}

/// Whether and on what terms a maker takes commissions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommissionTerms {
    pub open: bool,
    pub lead_time_weeks: Option<u16>,
    pub price_from: Option<Money>,
    pub price_to: Option<Money>,
}

impl CommissionTerms {
    /// "£800–£6,500", "from £800", or nothing when the maker gives no prices.
    pub fn price_range(&self) -> Option<String> {
        match (self.price_from, self.price_to) {
            (Some(from), Some(to)) => Some(format!("{from}–{to}")),
            (Some(from), None) => Some(format!("from {from}")),
            (None, Some(to)) => Some(format!("up to {to}")),
            (None, None) => None,
        }
    }
}

/// What a maker's card in a listing shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MakerCard {
    pub slug: Slug,
    pub display_name: String,
    pub tagline: String,
    pub location: Location,
    pub techniques: Vec<Technique>,
    pub commissions: CommissionTerms,
    pub portrait: Option<ImageRef>,
}

/// Everything a maker may change about their public profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MakerEdit {
    pub slug: Slug,
    pub display_name: String,
    pub tagline: String,
    pub story: String,
    pub studio: String,
    pub making_policy: String,
    pub location: Location,
    pub techniques: Vec<Technique>,
    pub commissions: CommissionTerms,
}

/// A maker profile as it is first stored.
#[derive(Clone, Debug)]
pub struct NewMaker {
    pub profile: MakerEdit,
    pub portrait_key: Option<String>,
    pub created_at: jiff::Timestamp,
    /// `None` keeps the profile private until the maker publishes it.
    pub published_at: Option<jiff::Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::Currency;

    #[test]
    fn technique_slugs_round_trip() {
        for technique in Technique::ALL {
            assert_eq!(Technique::from_slug(technique.slug()), Some(technique));
            let json = serde_json::to_string(&technique).unwrap();
            assert_eq!(json, format!("\"{}\"", technique.slug()));
        }
        assert_eq!(Technique::from_slug("glue"), None);
    }

    #[test]
    fn commission_price_ranges_read_naturally() {
        let gbp = |minor| Some(Money::from_minor(minor, Currency::GBP).unwrap());
        let terms = |from, to| CommissionTerms {
            open: true,
            lead_time_weeks: None,
            price_from: from,
            price_to: to,
        };
        assert_eq!(
            terms(gbp(80_000), gbp(650_000)).price_range().unwrap(),
            "£800–£6,500"
        );
        assert_eq!(terms(gbp(80_000), None).price_range().unwrap(), "from £800");
        assert_eq!(terms(None, None).price_range(), None);
    }

    #[test]
    fn locations_prefer_the_city() {
        let location = Location {
            country: Country::parse("JP").unwrap(),
            region: Some("Kansai".into()),
            city: Some("Kyoto".into()),
        };
        assert_eq!(location.short(), "Kyoto, Japan");
    }
}
