//! What jewellery is made of, as buyers and jewellers name it: metals and their
//! fineness, recycled content, stones, and how they were sourced.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Metals as buyers name them; the alloy colour matters to them, so gold is split by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Metal {
    YellowGold,
    WhiteGold,
    RoseGold,
    Silver,
    Platinum,
    Palladium,
    Titanium,
    Bronze,
    Brass,
    Copper,
}

impl Metal {
    pub const ALL: [Metal; 10] = [
        Metal::YellowGold,
        Metal::WhiteGold,
        Metal::RoseGold,
        Metal::Silver,
        Metal::Platinum,
        Metal::Palladium,
        Metal::Titanium,
        Metal::Bronze,
        Metal::Brass,
        Metal::Copper,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Metal::YellowGold => "yellow-gold",
            Metal::WhiteGold => "white-gold",
            Metal::RoseGold => "rose-gold",
            Metal::Silver => "silver",
            Metal::Platinum => "platinum",
            Metal::Palladium => "palladium",
            Metal::Titanium => "titanium",
            Metal::Bronze => "bronze",
            Metal::Brass => "brass",
            Metal::Copper => "copper",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Metal> {
        Metal::ALL.into_iter().find(|m| m.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            Metal::YellowGold => "yellow gold",
            Metal::WhiteGold => "white gold",
            Metal::RoseGold => "rose gold",
            Metal::Silver => "silver",
            Metal::Platinum => "platinum",
            Metal::Palladium => "palladium",
            Metal::Titanium => "titanium",
            Metal::Bronze => "bronze",
            Metal::Brass => "brass",
            Metal::Copper => "copper",
        }
    }

    pub fn is_gold(self) -> bool {
        matches!(self, Metal::YellowGold | Metal::WhiteGold | Metal::RoseGold)
    }

    /// Precious metals must state their fineness (FTC 16 CFR 23; UK Hallmarking Act).
    pub fn is_precious(self) -> bool {
        self.is_gold() || matches!(self, Metal::Silver | Metal::Platinum | Metal::Palladium)
    }
}

/// Fineness in parts per thousand of the precious metal: 1..=999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub struct Fineness(u16);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FinenessError {
    #[error("Fineness is given in parts per thousand, from 1 to 999 (e.g. 750 for 18k gold).")]
    OutOfRange,
    #[error("Karat must be one of 9, 10, 14, 18, 22 or 24.")]
    UnknownKarat,
}

impl Fineness {
    pub const STERLING: Fineness = Fineness(925);

    pub fn new(parts_per_thousand: u16) -> Result<Self, FinenessError> {
        if (1..=999).contains(&parts_per_thousand) {
            Ok(Fineness(parts_per_thousand))
        } else {
            Err(FinenessError::OutOfRange)
        }
    }

    /// The hallmarked fineness of a karat grade (14k is hallmarked 585, not 583).
    pub fn from_karat(karat: u8) -> Result<Self, FinenessError> {
        let ppt = match karat {
            9 => 375,
            10 => 417,
            14 => 585,
            18 => 750,
            22 => 916,
            24 => 999,
            _ => return Err(FinenessError::UnknownKarat),
        };
        Ok(Fineness(ppt))
    }

    /// The karat grade this fineness is hallmarked as, if it is one.
    pub fn karat(self) -> Option<u8> {
        [9, 10, 14, 18, 22, 24]
            .into_iter()
            .find(|&k| Fineness::from_karat(k).is_ok_and(|f| f == self))
    }

    pub fn parts_per_thousand(self) -> u16 {
        self.0
    }
}

impl TryFrom<u16> for Fineness {
    type Error = FinenessError;
    fn try_from(value: u16) -> Result<Self, Self::Error> {
        Fineness::new(value)
    }
}

impl From<Fineness> for u16 {
    fn from(fineness: Fineness) -> Self {
        fineness.0
    }
}

/// A share from 0 to 100 per cent.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(try_from = "u8", into = "u8")]
pub struct Percent(u8);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("A percentage is a whole number from 0 to 100.")]
pub struct PercentError;

impl Percent {
    pub fn new(value: u8) -> Result<Self, PercentError> {
        if value <= 100 {
            Ok(Percent(value))
        } else {
            Err(PercentError)
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Percent {
    type Error = PercentError;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Percent::new(value)
    }
}

impl From<Percent> for u8 {
    fn from(percent: Percent) -> Self {
        percent.0
    }
}

/// One metal a piece is made of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetalComponent {
    pub metal: Metal,
    pub fineness: Option<Fineness>,
    pub recycled: Option<Percent>,
}

impl fmt::Display for MetalComponent {
    /// "18k yellow gold (100% recycled)", "sterling silver", "950 platinum".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.metal, self.fineness) {
            (metal, Some(fineness)) if metal.is_gold() => match fineness.karat() {
                Some(karat) => write!(f, "{karat}k {}", metal.label())?,
                None => write!(f, "{} {}", fineness.parts_per_thousand(), metal.label())?,
            },
            (Metal::Silver, Some(Fineness::STERLING)) => f.write_str("sterling silver")?,
            (metal, Some(fineness)) => {
                write!(f, "{} {}", fineness.parts_per_thousand(), metal.label())?
            }
            (metal, None) => f.write_str(metal.label())?,
        }
        match self.recycled.map(Percent::value) {
            Some(0) | None => Ok(()),
            Some(share) => write!(f, " ({share}% recycled)"),
        }
    }
}

/// Where a stone comes from, as the FTC Guides require it to be named.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StoneKind {
    Natural,
    LabGrown,
    Imitation,
}

impl StoneKind {
    pub fn slug(self) -> &'static str {
        match self {
            StoneKind::Natural => "natural",
            StoneKind::LabGrown => "lab-grown",
            StoneKind::Imitation => "imitation",
        }
    }

    pub const ALL: [StoneKind; 3] = [
        StoneKind::Natural,
        StoneKind::LabGrown,
        StoneKind::Imitation,
    ];

    pub fn from_slug(slug: &str) -> Option<StoneKind> {
        StoneKind::ALL.into_iter().find(|k| k.slug() == slug)
    }
}

/// A responsible-sourcing claim a buyer can filter by.
///
/// `RecycledMetal` is never stated on its own: a piece earns it when every metal in
/// it is declared 100 % recycled. The others name a scheme and its paperwork.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sourcing {
    RecycledMetal,
    Fairmined,
    Fairtrade,
    RjcChainOfCustody,
    ConflictFreeWarranty,
}

impl Sourcing {
    pub const ALL: [Sourcing; 5] = [
        Sourcing::RecycledMetal,
        Sourcing::Fairmined,
        Sourcing::Fairtrade,
        Sourcing::RjcChainOfCustody,
        Sourcing::ConflictFreeWarranty,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Sourcing::RecycledMetal => "recycled-metal",
            Sourcing::Fairmined => "fairmined",
            Sourcing::Fairtrade => "fairtrade",
            Sourcing::RjcChainOfCustody => "rjc-chain-of-custody",
            Sourcing::ConflictFreeWarranty => "conflict-free-warranty",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Sourcing> {
        Sourcing::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            Sourcing::RecycledMetal => "100% recycled metal",
            Sourcing::Fairmined => "Fairmined gold or silver",
            Sourcing::Fairtrade => "Fairtrade gold",
            Sourcing::RjcChainOfCustody => "RJC Chain of Custody",
            Sourcing::ConflictFreeWarranty => "Conflict-free warranty (diamonds)",
        }
    }

    /// The claims a piece carries: its stated schemes, plus recycled metal when earned.
    pub fn of_piece(metals: &[MetalComponent], stated: &[Sourcing]) -> Vec<Sourcing> {
        let recycled = !metals.is_empty()
            && metals
                .iter()
                .all(|m| m.recycled.is_some_and(|r| r.value() == 100));
        let mut claims: Vec<Sourcing> = stated
            .iter()
            .copied()
            .filter(|s| *s != Sourcing::RecycledMetal)
            .chain(recycled.then_some(Sourcing::RecycledMetal))
            .collect();
        claims.sort();
        claims.dedup();
        claims
    }
}

/// A stone in a piece, as far as listings need it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoneSummary {
    /// Species or variety as commonly named: "sapphire", "diamond", "opal".
    pub species: String,
    pub kind: StoneKind,
}

impl fmt::Display for StoneSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            StoneKind::Natural => write!(f, "natural {}", self.species),
            StoneKind::LabGrown => write!(f, "laboratory-grown {}", self.species),
            StoneKind::Imitation => write!(f, "imitation {}", self.species),
        }
    }
}

/// "18k yellow gold (100% recycled), natural sapphire".
pub fn materials_summary(metals: &[MetalComponent], stones: &[StoneSummary]) -> String {
    metals
        .iter()
        .map(ToString::to_string)
        .chain(stones.iter().map(ToString::to_string))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fineness_is_one_to_999_and_karats_map_to_hallmarks() {
        assert!(Fineness::new(0).is_err());
        assert!(Fineness::new(1000).is_err());
        assert_eq!(Fineness::from_karat(14).unwrap().parts_per_thousand(), 585);
        assert_eq!(Fineness::from_karat(18).unwrap().karat(), Some(18));
        assert_eq!(Fineness::new(925).unwrap().karat(), None);
        assert_eq!(Fineness::from_karat(15), Err(FinenessError::UnknownKarat));
        assert!(serde_json::from_str::<Fineness>("1200").is_err());
    }

    #[test]
    fn percent_is_bounded() {
        assert!(Percent::new(100).is_ok());
        assert_eq!(Percent::new(101), Err(PercentError));
        assert!(serde_json::from_str::<Percent>("250").is_err());
    }

    #[test]
    fn materials_read_the_way_a_jeweller_writes_them() {
        let metals = [
            MetalComponent {
                metal: Metal::YellowGold,
                fineness: Some(Fineness::from_karat(18).unwrap()),
                recycled: Some(Percent::new(100).unwrap()),
            },
            MetalComponent {
                metal: Metal::Silver,
                fineness: Some(Fineness::STERLING),
                recycled: None,
            },
            MetalComponent {
                metal: Metal::Platinum,
                fineness: Some(Fineness::new(950).unwrap()),
                recycled: None,
            },
        ];
        let stones = [StoneSummary {
            species: "sapphire".into(),
            kind: StoneKind::LabGrown,
        }];
        assert_eq!(
            materials_summary(&metals, &stones),
            "18k yellow gold (100% recycled), sterling silver, 950 platinum, laboratory-grown sapphire"
        );
    }

    #[test]
    fn recycled_metal_is_earned_by_every_metal() {
        let metal = |recycled| MetalComponent {
            metal: Metal::Silver,
            fineness: Some(Fineness::STERLING),
            recycled: Some(Percent::new(recycled).unwrap()),
        };
        assert_eq!(
            Sourcing::of_piece(&[metal(100)], &[Sourcing::Fairmined]),
            vec![Sourcing::RecycledMetal, Sourcing::Fairmined]
        );
        assert_eq!(
            Sourcing::of_piece(&[metal(100), metal(40)], &[Sourcing::RecycledMetal]),
            vec![]
        );
        assert_eq!(Sourcing::of_piece(&[], &[]), vec![]);
        for sourcing in Sourcing::ALL {
            assert_eq!(Sourcing::from_slug(sourcing.slug()), Some(sourcing));
        }
    }

    #[test]
    fn metal_and_stone_slugs_round_trip() {
        for metal in Metal::ALL {
            assert_eq!(Metal::from_slug(metal.slug()), Some(metal));
        }
        for kind in [
            StoneKind::Natural,
            StoneKind::LabGrown,
            StoneKind::Imitation,
        ] {
            assert_eq!(StoneKind::from_slug(kind.slug()), Some(kind));
        }
    }
}
