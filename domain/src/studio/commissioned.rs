//! The piece a commission made, as the studio first writes it up: its listing
//! and disclosure prefilled from the signed agreement's specification, for the
//! maker to check and complete. It stays private to the buyer unless they agree
//! that the maker may show it.

use super::{MAX_TITLE_CHARS, PieceEdit};
use crate::commissions::{AgreementDocument, CommissionId};
use crate::materials::{Fineness, Metal, Percent};
use crate::pieces::Price;
use crate::provenance::{
    Claim, MetalDisclosure, StoneDisclosure, StoneHistory, StoneNature, Surface, Treatments,
};
use crate::shared::{Country, capitalised, first_chars};
use serde::{Deserialize, Serialize};

/// A piece made for a commission, as its maker's studio knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commissioned {
    pub commission: CommissionId,
    /// The buyer agrees that the maker may show it in their portfolio.
    pub shown_by_buyer: bool,
}

/// The listing and disclosure of a commission's finished piece, read from what
/// both sides signed. Only what the specification says plainly is carried:
/// a metal named as plated, filled or vermeil is left for the maker to describe
/// (a prefill must never turn plating into solid gold), stones are named only
/// by a species the text names, and every claim is the maker's declaration.
pub fn commissioned_piece(
    agreement: &AgreementDocument,
    maker_name: &str,
    country: Country,
) -> PieceEdit {
    let specification = &agreement.specification;
    let mut edit = PieceEdit::untitled(
        first_chars(&capitalised(specification.piece.trim()), MAX_TITLE_CHARS),
        maker_name,
        country,
    );
    let described: Vec<&str> = [&specification.metals, &specification.stones]
        .into_iter()
        .map(|text| text.trim())
        .filter(|text| !text.is_empty())
        .collect();
    edit.description = format!(
        "Made to commission, to a design agreed with the client. {}",
        described.join("; ")
    )
    .trim()
    .to_owned();
    edit.price = Price::MadeToOrder { from: None };
    edit.dimensions = specification.dimensions.trim().to_owned();
    edit.ring_sizes = specification.ring_size.trim().to_owned();
    edit.disclosure.metals = read_metals(&specification.metals);
    edit.disclosure.stones = read_stones(&specification.stones);
    edit
}

/// The parts of a list as people write one: "18k yellow gold and platinum; 925 silver".
fn parts(text: &str) -> Vec<String> {
    let lowered = text
        .to_lowercase()
        .replace(" and ", ",")
        .replace(" with ", ",");
    lowered
        .split([',', ';', '+', '&', '/'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The whole words of a part, with the brackets of "(750)" taken off.
fn words(part: &str) -> Vec<&str> {
    part.split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == '-')
        .filter(|word| !word.is_empty())
        .collect()
}

fn metal_named(part: &str) -> Option<Metal> {
    let named = [
        ("white gold", Metal::WhiteGold),
        ("rose gold", Metal::RoseGold),
        ("red gold", Metal::RoseGold),
        ("yellow gold", Metal::YellowGold),
        ("gold", Metal::YellowGold),
        ("sterling", Metal::Silver),
        ("silver", Metal::Silver),
        ("platinum", Metal::Platinum),
        ("palladium", Metal::Palladium),
        ("titanium", Metal::Titanium),
        ("bronze", Metal::Bronze),
        ("brass", Metal::Brass),
        ("copper", Metal::Copper),
    ];
    named
        .into_iter()
        .find(|(name, _)| part.contains(name))
        .map(|(_, metal)| metal)
}

/// "750", "(950)", "18k", "18ct", "9 ct": the fineness the part states.
fn fineness_in(part: &str) -> Option<Fineness> {
    let words = words(part);
    for (index, word) in words.iter().enumerate() {
        let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
        let unit = &word[digits.len()..];
        let Ok(number) = digits.parse::<u16>() else {
            continue;
        };
        let karat_unit = |unit: &str| matches!(unit, "k" | "ct" | "kt" | "karat" | "carat");
        if karat_unit(unit)
            || (unit.is_empty() && words.get(index + 1).is_some_and(|next| karat_unit(next)))
        {
            if let Ok(fineness) = u8::try_from(number)
                .map_err(|_| ())
                .and_then(|karat| Fineness::from_karat(karat).map_err(|_| ()))
            {
                return Some(fineness);
            }
        } else if unit.is_empty()
            && digits.len() == 3
            && let Ok(fineness) = Fineness::new(number)
        {
            return Some(fineness);
        }
    }
    part.contains("sterling").then_some(Fineness::STERLING)
}

/// "recycled" alone means all of it; "60% recycled" says how much.
fn recycled_in(part: &str) -> Option<Percent> {
    if !part.contains("recycled") {
        return None;
    }
    let share = words(part).into_iter().find_map(|word| {
        word.strip_suffix('%')
            .and_then(|digits| digits.parse::<u8>().ok())
    });
    Percent::new(share.unwrap_or(100)).ok()
}

fn read_metals(text: &str) -> Vec<MetalDisclosure> {
    let mut metals: Vec<MetalDisclosure> = Vec::new();
    for part in parts(text) {
        if ["plate", "vermeil", "filled", "rolled"]
            .iter()
            .any(|surface| part.contains(surface))
        {
            continue;
        }
        let Some(metal) = metal_named(&part) else {
            continue;
        };
        if metals.iter().any(|known| known.metal == metal) {
            continue;
        }
        metals.push(MetalDisclosure {
            metal,
            fineness: fineness_in(&part).map(Claim::declared),
            surface: Claim::declared(Surface::Solid),
            weight: None,
            hallmark: None,
            recycled: recycled_in(&part).map(Claim::declared),
            scheme: None,
        });
    }
    metals
}

/// Species as buyers name them, longest first so "blue sapphire" is not read
/// as something shorter.
const SPECIES: [&str; 24] = [
    "alexandrite",
    "aquamarine",
    "tourmaline",
    "moissanite",
    "tanzanite",
    "morganite",
    "sapphire",
    "diamond",
    "emerald",
    "amethyst",
    "citrine",
    "peridot",
    "garnet",
    "spinel",
    "zircon",
    "quartz",
    "topaz",
    "opal",
    "pearl",
    "ruby",
    "jade",
    "onyx",
    "iolite",
    "agate",
];

fn read_stones(text: &str) -> Vec<StoneDisclosure> {
    parts(text)
        .into_iter()
        .filter_map(|part| {
            let species = SPECIES
                .iter()
                .find(|species| words(&part).iter().any(|word| word.starts_with(*species)))?;
            let nature = if ["lab", "laboratory", "synthetic", "created"]
                .iter()
                .any(|grown| words(&part).contains(grown))
                || part.contains("lab-grown")
                || part.contains("laboratory-grown")
            {
                StoneNature::LaboratoryGrown { method: None }
            } else if part.contains("imitation") || part.contains("simulant") {
                StoneNature::Imitation
            } else {
                StoneNature::Natural
            };
            Some(StoneDisclosure {
                species: (*species).to_owned(),
                nature: Claim::declared(nature),
                treatments: Claim::declared(Treatments::NotKnown),
                origin: None,
                history: if part.contains("client") || part.contains("heirloom") {
                    StoneHistory::ClientSupplied
                } else {
                    StoneHistory::New
                },
                report: None,
                warranty: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commissions::{AGREEMENT_PURPOSE, RefundTerms, Specification};

    fn agreement(metals: &str, stones: &str) -> AgreementDocument {
        let none = Percent::new(0).unwrap();
        AgreementDocument {
            purpose: AGREEMENT_PURPOSE.to_owned(),
            commission: 7,
            maker: "Ana Reyes".into(),
            maker_address: "ana-reyes".into(),
            proposal_version: 2,
            design_round: 2,
            specification: Specification {
                piece: "engagement ring".into(),
                metals: metals.into(),
                stones: stones.into(),
                dimensions: "Band 2 mm".into(),
                ring_size: "N".into(),
            },
            currency: "GBP".into(),
            price_minor: 240_000,
            deposit_minor: 48_000,
            rounds_included: 2,
            extra_rounds: 0,
            lead_time_weeks: 6,
            refunds: RefundTerms {
                before_design_agreed: none,
                after_design_agreed: none,
                once_making_started: none,
            },
            design_pictures: Vec::new(),
            agreed_at: "2026-11-02T10:00:00Z".into(),
        }
    }

    fn gb() -> Country {
        Country::parse("GB").unwrap()
    }

    #[test]
    fn the_agreed_specification_prefills_the_listing_and_metals() {
        let edit = commissioned_piece(
            &agreement(
                "18k recycled yellow gold (750) and platinum 950",
                "1 ct laboratory-grown sapphire, oval; two natural diamonds",
            ),
            "Ana Reyes",
            gb(),
        );
        assert_eq!(edit.title, "Engagement ring");
        assert_eq!(edit.ring_sizes, "N");
        assert_eq!(edit.dimensions, "Band 2 mm");
        assert_eq!(edit.price, Price::MadeToOrder { from: None });
        assert!(edit.description.contains("18k recycled yellow gold"));
        let metals: Vec<(Metal, Option<u16>, Option<u8>)> = edit
            .disclosure
            .metals
            .iter()
            .map(|metal| {
                (
                    metal.metal,
                    metal
                        .fineness
                        .as_ref()
                        .map(|f| f.value.parts_per_thousand()),
                    metal.recycled.as_ref().map(|r| r.value.value()),
                )
            })
            .collect();
        assert_eq!(
            metals,
            [
                (Metal::YellowGold, Some(750), Some(100)),
                (Metal::Platinum, Some(950), None)
            ]
        );
        let stones: Vec<(&str, &StoneNature)> = edit
            .disclosure
            .stones
            .iter()
            .map(|stone| (stone.species.as_str(), &stone.nature.value))
            .collect();
        assert_eq!(
            stones,
            [
                ("sapphire", &StoneNature::LaboratoryGrown { method: None }),
                ("diamond", &StoneNature::Natural)
            ]
        );
        assert_eq!(edit.disclosure.making.designed_by.value, "Ana Reyes");
    }

    #[test]
    fn karats_carats_and_sterling_are_read_as_fineness() {
        for (text, fineness) in [
            ("9ct rose gold", 375),
            ("14 k white gold", 585),
            ("sterling silver", 925),
            ("silver 958", 958),
        ] {
            let metals = read_metals(text);
            assert_eq!(
                metals[0]
                    .fineness
                    .as_ref()
                    .map(|f| f.value.parts_per_thousand()),
                Some(fineness),
                "{text}"
            );
        }
        assert_eq!(
            read_metals("60% recycled silver")[0]
                .recycled
                .as_ref()
                .map(|r| r.value.value()),
            Some(60)
        );
    }

    /// A prefill that turned plating into solid gold would put a false claim in
    /// the maker's mouth: such parts are left for the maker.
    #[test]
    fn plated_filled_and_vermeil_metals_are_left_for_the_maker() {
        for text in ["gold-plated brass", "gold vermeil", "14/20 gold filled"] {
            assert!(read_metals(text).is_empty(), "{text}");
        }
        assert_eq!(
            read_stones("a client's heirloom ruby")[0].history,
            StoneHistory::ClientSupplied
        );
        assert!(read_stones("something blue").is_empty());
    }
}
