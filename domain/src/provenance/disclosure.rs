//! What a maker discloses about a piece, claim by claim, each with its evidence.
//!
//! The fields follow `shared/docs/domain.md`: the US FTC Jewelry Guides (16 CFR 23),
//! the UK Hallmarking Act 1973, RJC, Fairmined, Fairtrade and the Kimberley Process
//! System of Warranties. Values are typed so that nonsense cannot be held: a
//! fineness is 1..=999, a share 0..=100 %, a thickness a whole number of hundredths
//! of a micrometre.

use crate::makers::Technique;
use crate::materials::{Fineness, Metal, Percent, Sourcing};
use crate::shared::Country;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How sure anyone can be of a claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "level", rename_all = "kebab-case")]
pub enum Evidence {
    /// The maker says so.
    SelfDeclared,
    /// A document backs it (a hallmark photo, grading report, certificate, invoice),
    /// recorded by its SHA-256 digest; private to the maker and operators unless public.
    DocumentBacked { sha256: String, public: bool },
    /// An operator checked the claim against the document with this digest (or
    /// against the piece itself), on `on` (`YYYY-MM-DD`); the document stays
    /// private unless the maker shows it.
    Verified {
        by: String,
        on: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sha256: Option<String>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        public: bool,
    },
}

impl Evidence {
    /// The digest of the document the claim rests on, if any.
    pub fn document(&self) -> Option<&str> {
        match self {
            Evidence::DocumentBacked { sha256, .. } => Some(sha256),
            Evidence::Verified { sha256, .. } => sha256.as_deref(),
            Evidence::SelfDeclared => None,
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Evidence::SelfDeclared => "Self-declared",
            Evidence::DocumentBacked { .. } => "Document-backed",
            Evidence::Verified { .. } => "Verified",
        }
    }
}

/// A disclosed value and the evidence for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim<T> {
    pub value: T,
    pub evidence: Evidence,
}

impl<T> Claim<T> {
    pub fn declared(value: T) -> Self {
        Claim {
            value,
            evidence: Evidence::SelfDeclared,
        }
    }
}

/// A length in hundredths of a micrometre: plating is specified to 0.01 µm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Micrometres {
    pub hundredths: u32,
}

impl Micrometres {
    pub const fn hundredths(hundredths: u32) -> Self {
        Micrometres { hundredths }
    }
}

impl fmt::Display for Micrometres {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.hundredths / 100;
        match self.hundredths % 100 {
            0 => write!(f, "{whole} µm"),
            part if part % 10 == 0 => write!(f, "{whole}.{} µm", part / 10),
            part => write!(f, "{whole}.{part:02} µm"),
        }
    }
}

/// A mass in milligrams.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Milligrams(pub u32);

impl fmt::Display for Milligrams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02} g", self.0 / 1_000, (self.0 % 1_000) / 10)
    }
}

/// What a metal part is, through and through or on the surface.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Surface {
    Solid,
    /// Electroplated with another metal.
    Plated {
        plating: Metal,
        plating_fineness: Option<Fineness>,
        thickness: Micrometres,
    },
    /// Gold of `gold_fineness` over a silver base.
    Vermeil {
        gold_fineness: Fineness,
        thickness: Micrometres,
    },
    /// Karat gold bonded to a base, `gold_per_mille` of the total weight.
    GoldFilled {
        gold_fineness: Fineness,
        gold_per_mille: u16,
    },
    RolledGoldPlate {
        gold_fineness: Fineness,
        gold_per_mille: u16,
    },
}

/// UK assay offices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AssayOffice {
    London,
    Birmingham,
    Sheffield,
    Edinburgh,
}

/// The marks struck on a piece by an assay office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hallmark {
    /// The maker's (sponsor's) mark, as registered: usually initials.
    pub sponsor_mark: String,
    pub fineness_mark: Fineness,
    pub assay_office: AssayOffice,
    pub date_letter: Option<String>,
}

/// A sourcing scheme and the licence or certificate that proves it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemeCertificate {
    pub scheme: Sourcing,
    pub certificate: String,
}

/// One metal part of a piece.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetalDisclosure {
    /// The metal the part is made of (for plated or vermeil parts, the base).
    pub metal: Metal,
    pub fineness: Option<Claim<Fineness>>,
    pub surface: Claim<Surface>,
    pub weight: Option<Claim<Milligrams>>,
    pub hallmark: Option<Claim<Hallmark>>,
    pub recycled: Option<Claim<Percent>>,
    pub scheme: Option<Claim<SchemeCertificate>>,
}

/// Where a stone comes from, as the FTC Guides require it to be named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum StoneNature {
    Natural,
    LaboratoryGrown { method: Option<GrowthMethod> },
    Imitation,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GrowthMethod {
    Cvd,
    Hpht,
    Flux,
    Hydrothermal,
    FlameFusion,
}

/// Treatments (FTC 16 CFR 23.22), and the care each calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TreatmentKind {
    Heating,
    FractureFilling,
    Irradiation,
    Diffusion,
    Dyeing,
    Coating,
    Oiling,
}

impl TreatmentKind {
    pub fn label(self) -> &'static str {
        match self {
            TreatmentKind::Heating => "heated",
            TreatmentKind::FractureFilling => "fracture-filled",
            TreatmentKind::Irradiation => "irradiated",
            TreatmentKind::Diffusion => "diffusion-treated",
            TreatmentKind::Dyeing => "dyed",
            TreatmentKind::Coating => "coated",
            TreatmentKind::Oiling => "oiled",
        }
    }

    /// Treatments a buyer must look after: heat, solvents or ultrasonic cleaners can
    /// undo them.
    pub fn needs_care(self) -> bool {
        matches!(
            self,
            TreatmentKind::FractureFilling
                | TreatmentKind::Dyeing
                | TreatmentKind::Coating
                | TreatmentKind::Oiling
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Treatments {
    Untreated,
    Treated { kinds: Vec<TreatmentKind> },
    NotKnown,
}

/// A stone's life before this piece.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StoneHistory {
    New,
    Vintage,
    Reclaimed,
    ClientSupplied,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoneOrigin {
    pub country: Country,
    /// The mine or artisanal miners' group, when known.
    pub source: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradingReport {
    pub lab: String,
    pub number: String,
    pub date: String,
    /// Carats in hundredths.
    pub carat_hundredths: Option<u32>,
    pub colour: Option<String>,
    pub clarity: Option<String>,
    pub cut: Option<String>,
}

/// One stone (or a matched set of the same stones) in a piece.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoneDisclosure {
    /// Species or variety as commonly named: "sapphire", "diamond".
    pub species: String,
    pub nature: Claim<StoneNature>,
    pub treatments: Claim<Treatments>,
    pub origin: Option<Claim<StoneOrigin>>,
    pub history: StoneHistory,
    pub report: Option<Claim<GradingReport>>,
    /// For diamonds: the System of Warranties statement on the invoice.
    pub warranty: Option<Claim<String>>,
}

/// Who did a step of the making.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "kebab-case")]
pub enum Maker {
    TheMaker,
    Partner { name: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MakingStep {
    pub technique: Technique,
    pub by: Maker,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Edition {
    OneOfOne,
    Limited { number: u32, of: u32 },
    MadeToOrder,
}

impl Edition {
    /// How many of a listing can be sold: a one-of-one one; a limited edition
    /// listed as "number n of N" the numbers n to N; a piece made to order none
    /// (it is commissioned instead).
    pub fn units_for_sale(self) -> u32 {
        match self {
            Edition::OneOfOne => 1,
            Edition::Limited { number, of } => of.saturating_sub(number) + 1,
            Edition::MadeToOrder => 0,
        }
    }

    /// The edition number the `unit`th unit sold carries (from 1), as
    /// (number, of); `None` for a piece that is no limited edition.
    pub fn number_of_unit(self, unit: u32) -> Option<(u32, u32)> {
        match self {
            Edition::Limited { number, of } => Some((number + unit.saturating_sub(1), of)),
            Edition::OneOfOne | Edition::MadeToOrder => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Making {
    pub designed_by: Claim<String>,
    pub steps: Vec<Claim<MakingStep>>,
    pub made_in: Claim<Country>,
    /// `YYYY-MM`, when known.
    pub made_on: Option<String>,
    pub edition: Edition,
}

/// Where a piece is sold: rules differ by market.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Markets {
    pub united_kingdom: bool,
}

/// Everything disclosed about one piece.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    pub making: Making,
    pub metals: Vec<MetalDisclosure>,
    pub stones: Vec<StoneDisclosure>,
    /// Care instructions, required when a treatment calls for care.
    pub care: Option<String>,
    pub markets: Markets,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_read_naturally() {
        assert_eq!(Micrometres::hundredths(250).to_string(), "2.5 µm");
        assert_eq!(Micrometres::hundredths(18).to_string(), "0.18 µm");
        assert_eq!(Micrometres::hundredths(300).to_string(), "3 µm");
        assert_eq!(Milligrams(7_780).to_string(), "7.78 g");
    }

    #[test]
    fn evidence_serialises_with_its_level() {
        let json = serde_json::to_string(&Evidence::DocumentBacked {
            sha256: "ab".repeat(32),
            public: true,
        })
        .unwrap();
        assert!(json.starts_with("{\"level\":\"document-backed\""));
        let back: Evidence = serde_json::from_str(&json).unwrap();
        assert_eq!(back.label(), "Document-backed");
    }
}
