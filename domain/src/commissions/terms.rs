//! The maker's proposal: what will be made, for how much, how the money is taken
//! and what comes back if the buyer stops — all shown in full before they accept.

use crate::materials::Percent;
use crate::shared::{Currency, Money};
use serde::{Deserialize, Serialize};

/// What the buyer pays before the design work starts, credited to the price.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Deposit {
    /// A design fee: a fixed amount.
    Fixed(Money),
    /// A share of the price, rounded up to the minor unit.
    Share(Percent),
}

/// The share of what the buyer has paid that comes back if the buyer cancels, by
/// how far the work has gone. (When the maker cancels, everything paid comes back.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundTerms {
    pub before_design_agreed: Percent,
    pub after_design_agreed: Percent,
    pub once_making_started: Percent,
}

/// What will be made, in the words the agreement will keep.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Specification {
    /// "Engagement ring", "pendant on a chain".
    pub piece: String,
    /// Metals with their fineness: "18k recycled yellow gold (750)".
    pub metals: String,
    /// Stones, natural or laboratory-grown: "1 ct laboratory-grown sapphire, oval".
    pub stones: String,
    pub dimensions: String,
    /// Empty when the piece is not a ring.
    pub ring_size: String,
}

/// One version of the maker's quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// 1 for the first proposal; each revision is the next number.
    pub version: u32,
    pub specification: Specification,
    pub price: Money,
    pub deposit: Deposit,
    /// Design rounds included in the price; more are priced changes.
    pub rounds_included: u8,
    pub lead_time_weeks: u8,
    pub refunds: RefundTerms,
    /// Days the buyer has to answer before it expires.
    pub valid_for_days: u16,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProposalError {
    #[error("Please describe the piece: what it is, its metals and its dimensions.")]
    Unspecified,
    #[error("A description is at most {max} characters.")]
    TooLong { max: usize },
    #[error("The description holds characters that can't be shown: please type it again.")]
    Unshowable,
    #[error("A commission needs a price above zero.")]
    NoPrice,
    #[error("The deposit is in {}, the price in another currency: please use one.", .0.code())]
    MixedCurrencies(Currency),
    #[error("The deposit can't be more than the price.")]
    DepositAbovePrice,
    #[error("Please include between 1 and {max} design rounds.", max = Proposal::MAX_ROUNDS)]
    Rounds,
    #[error("Please give a lead time between 1 and 104 weeks.")]
    LeadTime,
    #[error("A proposal stays open for 1 to 90 days.")]
    Validity,
}

impl Proposal {
    pub const MAX_ROUNDS: u8 = 10;
    /// The longest text any field of the specification takes.
    pub const MAX_TEXT: usize = 500;

    /// A proposal the buyer can accept as it stands, or the reason it can't be sent.
    pub fn checked(self) -> Result<Proposal, ProposalError> {
        let spec = &self.specification;
        let fields = [
            &spec.piece,
            &spec.metals,
            &spec.stones,
            &spec.dimensions,
            &spec.ring_size,
        ];
        if spec.piece.trim().is_empty()
            || spec.metals.trim().is_empty()
            || spec.dimensions.trim().is_empty()
        {
            return Err(ProposalError::Unspecified);
        }
        if fields
            .iter()
            .any(|text| crate::shared::has_control_characters(text))
        {
            return Err(ProposalError::Unshowable);
        }
        if fields
            .iter()
            .any(|text| text.chars().count() > Self::MAX_TEXT)
        {
            return Err(ProposalError::TooLong {
                max: Self::MAX_TEXT,
            });
        }
        if self.price.minor() <= 0 {
            return Err(ProposalError::NoPrice);
        }
        if let Deposit::Fixed(fee) = self.deposit {
            if fee.currency() != self.price.currency() {
                return Err(ProposalError::MixedCurrencies(fee.currency()));
            }
            if fee.minor() > self.price.minor() {
                return Err(ProposalError::DepositAbovePrice);
            }
        }
        if !(1..=Self::MAX_ROUNDS).contains(&self.rounds_included) {
            return Err(ProposalError::Rounds);
        }
        if !(1..=104).contains(&self.lead_time_weeks) {
            return Err(ProposalError::LeadTime);
        }
        if !(1..=90).contains(&self.valid_for_days) {
            return Err(ProposalError::Validity);
        }
        Ok(self)
    }

    /// The smallest proposal that passes `checked` at `price`: what a page tries a
    /// step with to learn whether the stage allows it.
    pub fn sketch(price: Money) -> Proposal {
        let none = Percent::default();
        Proposal {
            version: 1,
            specification: Specification {
                piece: "piece".into(),
                metals: "metal".into(),
                dimensions: "size".into(),
                ..Specification::default()
            },
            price,
            deposit: Deposit::Share(none),
            rounds_included: 1,
            lead_time_weeks: 1,
            refunds: RefundTerms {
                before_design_agreed: none,
                after_design_agreed: none,
                once_making_started: none,
            },
            valid_for_days: 1,
        }
    }

    /// The deposit in minor units of the price's currency.
    pub fn deposit_minor(&self) -> i64 {
        match self.deposit {
            Deposit::Fixed(fee) => fee.minor(),
            Deposit::Share(share) => share_of(self.price.minor(), share),
        }
    }
}

/// `share` of `minor`, rounded up: a deposit never falls a penny short of its share.
pub fn share_of(minor: i64, share: Percent) -> i64 {
    let share = i64::from(share.value());
    (minor * share + 99) / 100
}

/// A share of a refund, rounded down: what the terms promise, never a penny more.
pub fn refund_share(minor: i64, share: Percent) -> i64 {
    minor * i64::from(share.value()) / 100
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn percent(value: u8) -> Percent {
        Percent::new(value).expect("a percentage")
    }

    pub fn pounds(major: i64) -> Money {
        Money::from_minor(major * 100, Currency::GBP).expect("an amount")
    }

    /// A gold ring at £2,400: half up front, two rounds, the usual terms.
    pub fn ring(version: u32) -> Proposal {
        Proposal {
            version,
            specification: Specification {
                piece: "Engagement ring".into(),
                metals: "18k recycled yellow gold (750)".into(),
                stones: "1 ct laboratory-grown sapphire, oval".into(),
                dimensions: "Band 2.2 mm".into(),
                ring_size: "UK M".into(),
            },
            price: pounds(2_400),
            deposit: Deposit::Share(percent(50)),
            rounds_included: 2,
            lead_time_weeks: 6,
            refunds: RefundTerms {
                before_design_agreed: percent(80),
                after_design_agreed: percent(50),
                once_making_started: percent(0),
            },
            valid_for_days: 14,
        }
    }

    #[test]
    fn a_share_deposit_rounds_up_and_a_refund_rounds_down() {
        assert_eq!(ring(1).deposit_minor(), 120_000);
        assert_eq!(share_of(1_001, percent(50)), 501);
        assert_eq!(refund_share(1_001, percent(50)), 500);
        assert_eq!(share_of(0, percent(50)), 0);
        assert_eq!(share_of(999, percent(100)), 999);
    }

    #[test]
    fn a_proposal_must_say_what_it_costs_and_what_it_is() {
        assert_eq!(ring(1).checked(), Ok(ring(1)));
        let with = |change: fn(&mut Proposal)| {
            let mut proposal = ring(1);
            change(&mut proposal);
            proposal.checked()
        };
        assert_eq!(
            with(|p| p.specification.piece = " ".into()),
            Err(ProposalError::Unspecified)
        );
        assert_eq!(
            with(|p| p.specification.stones = "x".repeat(501)),
            Err(ProposalError::TooLong { max: 500 })
        );
        assert_eq!(with(|p| p.price = pounds(0)), Err(ProposalError::NoPrice));
        assert_eq!(
            with(|p| p.deposit = Deposit::Fixed(pounds(2_401))),
            Err(ProposalError::DepositAbovePrice)
        );
        assert_eq!(
            with(|p| p.deposit =
                Deposit::Fixed(Money::from_minor(100, Currency::EUR).expect("euros"))),
            Err(ProposalError::MixedCurrencies(Currency::EUR))
        );
        assert_eq!(with(|p| p.rounds_included = 0), Err(ProposalError::Rounds));
        assert_eq!(with(|p| p.rounds_included = 11), Err(ProposalError::Rounds));
        assert_eq!(
            with(|p| p.lead_time_weeks = 0),
            Err(ProposalError::LeadTime)
        );
        assert_eq!(
            with(|p| p.valid_for_days = 91),
            Err(ProposalError::Validity)
        );
        assert!(
            with(|p| p.specification.stones.clear()).is_ok(),
            "no stones is fine"
        );
    }
}
