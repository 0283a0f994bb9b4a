//! The commission's forms as the browser posts them (every field text, so what
//! was typed can be shown again), and their reading into the flow's steps.

use super::flow::{Action, MAX_NOTE};
use super::terms::{Deposit, Proposal, RefundTerms, Specification};
use crate::materials::Percent;
use crate::shared::{Currency, Money};
use serde::{Deserialize, Serialize};

/// The longest brief a buyer writes when asking for a commission.
pub const MAX_BRIEF: usize = 4_000;

/// What a person is told when text holds control characters.
pub const UNSHOWABLE: &str =
    "That text holds characters that can't be shown: please type it again.";

/// A buyer asks a maker for a commission.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestForm {
    /// The maker's address.
    pub maker: String,
    /// The consultation booking it follows from, when there was one.
    pub booking: String,
    pub brief: String,
}

/// A message to the other side of a commission.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MessageForm {
    pub commission: String,
    pub body: String,
}

/// One step on a commission's page: which step, the version the page showed, and
/// the fields that step reads (the others stay empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepForm {
    pub commission: String,
    /// The commission's version when the page was shown: a step is taken only
    /// if nothing happened since.
    pub version: String,
    /// The step's name (`Action::name`).
    pub step: String,
    /// The proposal version the buyer read, when accepting.
    pub proposal_version: String,
    /// `"yes"` when the person ticked that they mean it (cancelling).
    pub confirm: String,
    pub note: String,
    /// A payment or an offer's price.
    pub amount: String,
    /// How a recorded payment was made (`PaymentMethod::slug`).
    pub method: String,
    pub piece: String,
    pub metals: String,
    pub stones: String,
    pub dimensions: String,
    pub ring_size: String,
    pub price: String,
    pub currency: String,
    /// `"share"` (per cent of the price) or `"fixed"` (an amount).
    pub deposit_kind: String,
    pub deposit: String,
    pub rounds: String,
    pub lead_weeks: String,
    pub refund_before: String,
    pub refund_after: String,
    pub refund_making: String,
    pub valid_days: String,
}

fn whole<T: std::str::FromStr>(text: &str, problem: &str) -> Result<T, String> {
    text.trim().parse::<T>().map_err(|_| problem.to_owned())
}

fn percent(text: &str, what: &str) -> Result<Percent, String> {
    whole::<u8>(text, "")
        .ok()
        .and_then(|value| Percent::new(value).ok())
        .ok_or_else(|| format!("Please give {what} as a whole number from 0 to 100."))
}

fn amount(text: &str, currency: Currency, what: &str) -> Result<Money, String> {
    Money::parse(text, currency).map_err(|_| {
        format!(
            "Please give {what} as an amount in {}, such as 250 or 250.00.",
            currency.code()
        )
    })
}

impl StepForm {
    /// The step the form asks for. `currency` is the commission's (its proposal's)
    /// when it has one; a proposal names its own.
    pub fn action(&self, currency: Option<Currency>) -> Result<Action, String> {
        let currency_or = |fallback: &str| {
            currency
                .or_else(|| Currency::parse(fallback).ok())
                .ok_or_else(|| "Please choose the currency.".to_owned())
        };
        let note = self.note.trim().to_owned();
        if note.chars().count() > MAX_NOTE {
            return Err(format!("A note is at most {MAX_NOTE} characters."));
        }
        if crate::shared::has_control_characters(&note) {
            return Err(UNSHOWABLE.into());
        }
        Ok(match self.step.trim() {
            "propose" => Action::Propose(self.proposal()?),
            "ask-for-changes" => Action::AskForChanges { note },
            "accept" => Action::Accept {
                version: whole(&self.proposal_version, "Please read the proposal again.")?,
            },
            "decline" if self.confirm.trim() == "yes" => Action::Decline,
            "decline" => {
                return Err("Please tick that you mean to end this commission.".into());
            }
            "record-payment" => Action::RecordPayment {
                amount: amount(&self.amount, currency_or("")?, "the payment")?,
            },
            "post-design" => Action::PostDesign,
            "approve-design" => Action::ApproveDesign,
            "offer-extra-round" => Action::OfferExtraRound {
                price: amount(&self.amount, currency_or("")?, "the extra round's price")?,
            },
            "accept-extra-round" => Action::AcceptExtraRound,
            "offer-change" => Action::OfferChange {
                price: amount(&self.amount, currency_or("")?, "the change's price")?,
            },
            "accept-change" => Action::AcceptChange,
            "decline-change" => Action::DeclineChange,
            "start-making" => Action::StartMaking,
            "post-progress" => Action::PostProgress,
            "mark-ready" => Action::MarkReady,
            "ship" => Action::Ship,
            "hand-over" => Action::HandOver,
            "confirm-receipt" => Action::ConfirmReceipt,
            "cancel" if self.confirm.trim() == "yes" => Action::Cancel,
            "cancel" => {
                return Err("Please tick that you understand what cancelling refunds.".into());
            }
            _ => return Err("That isn't a step a commission has.".into()),
        })
    }

    /// The maker's proposal as typed.
    pub fn proposal(&self) -> Result<Proposal, String> {
        let currency = Currency::parse(&self.currency)
            .map_err(|_| "Please choose the currency.".to_owned())?;
        let price = amount(&self.price, currency, "the price")?;
        let deposit = match self.deposit_kind.trim() {
            "fixed" => Deposit::Fixed(amount(&self.deposit, currency, "the deposit")?),
            _ => Deposit::Share(percent(&self.deposit, "the deposit's share of the price")?),
        };
        Proposal {
            version: 1,
            specification: Specification {
                piece: self.piece.trim().to_owned(),
                metals: self.metals.trim().to_owned(),
                stones: self.stones.trim().to_owned(),
                dimensions: self.dimensions.trim().to_owned(),
                ring_size: self.ring_size.trim().to_owned(),
            },
            price,
            deposit,
            rounds_included: whole(
                &self.rounds,
                "Please give the design rounds included as a number.",
            )?,
            lead_time_weeks: whole(&self.lead_weeks, "Please give the lead time in weeks.")?,
            refunds: RefundTerms {
                before_design_agreed: percent(
                    &self.refund_before,
                    "the refund before the design is agreed",
                )?,
                after_design_agreed: percent(
                    &self.refund_after,
                    "the refund after the design is agreed",
                )?,
                once_making_started: percent(
                    &self.refund_making,
                    "the refund once making has started",
                )?,
            },
            valid_for_days: whole(
                &self.valid_days,
                "Please give the days the buyer has to answer as a number.",
            )?,
        }
        .checked()
        .map_err(|error| error.to_string())
    }

    /// The form filled in from a proposal, for the maker to revise.
    pub fn of_proposal(proposal: &Proposal) -> StepForm {
        let spec = &proposal.specification;
        let (deposit_kind, deposit) = match proposal.deposit {
            Deposit::Fixed(fee) => ("fixed", fee.plain()),
            Deposit::Share(share) => ("share", share.value().to_string()),
        };
        StepForm {
            step: "propose".into(),
            piece: spec.piece.clone(),
            metals: spec.metals.clone(),
            stones: spec.stones.clone(),
            dimensions: spec.dimensions.clone(),
            ring_size: spec.ring_size.clone(),
            price: proposal.price.plain(),
            currency: proposal.price.currency().code().into(),
            deposit_kind: deposit_kind.into(),
            deposit,
            rounds: proposal.rounds_included.to_string(),
            lead_weeks: proposal.lead_time_weeks.to_string(),
            refund_before: proposal.refunds.before_design_agreed.value().to_string(),
            refund_after: proposal.refunds.after_design_agreed.value().to_string(),
            refund_making: proposal.refunds.once_making_started.value().to_string(),
            valid_days: proposal.valid_for_days.to_string(),
            ..StepForm::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::terms::tests::{pounds, ring};
    use super::super::{Action, ProposalError};
    use super::*;

    #[test]
    fn a_proposal_form_reads_back_what_it_was_filled_with() {
        let form = StepForm::of_proposal(&ring(1));
        assert_eq!(form.proposal(), Ok(ring(1)));
        let fixed = Proposal {
            deposit: Deposit::Fixed(Money::from_minor(30_050, Currency::GBP).expect("£300.50")),
            ..ring(1)
        };
        assert_eq!(StepForm::of_proposal(&fixed).deposit, "300.50");
        assert_eq!(StepForm::of_proposal(&fixed).proposal(), Ok(fixed));
        let typed = |change: fn(&mut StepForm)| {
            let mut form = StepForm::of_proposal(&ring(1));
            change(&mut form);
            form.proposal()
        };
        assert!(
            typed(|f| f.price = "lots".into())
                .unwrap_err()
                .contains("the price")
        );
        assert!(
            typed(|f| f.deposit = "150".into())
                .unwrap_err()
                .contains("0 to 100")
        );
        assert!(
            typed(|f| f.currency = "XYZ".into())
                .unwrap_err()
                .contains("currency")
        );
        assert!(
            typed(|f| f.rounds = "-1".into())
                .unwrap_err()
                .contains("design rounds")
        );
        assert_eq!(
            typed(|f| f.piece = "  ".into()),
            Err(ProposalError::Unspecified.to_string())
        );
    }

    #[test]
    fn a_step_form_names_one_step_and_its_amount() {
        let form = |step: &str, amount: &str| StepForm {
            step: step.into(),
            amount: amount.into(),
            ..StepForm::default()
        };
        assert_eq!(
            form("record-payment", "1,200").action(Some(Currency::GBP)),
            Ok(Action::RecordPayment {
                amount: pounds(1_200)
            })
        );
        assert!(
            form("record-payment", "-5")
                .action(Some(Currency::GBP))
                .is_err()
        );
        assert!(form("record-payment", "5").action(None).is_err());
        assert!(form("expire", "").action(None).is_err(), "the clock's step");
        assert!(form("complete-unanswered", "").action(None).is_err());
        assert!(form("cancel", "").action(None).is_err(), "unconfirmed");
        assert!(form("decline", "").action(None).is_err(), "unconfirmed");
        let confirmed = StepForm {
            confirm: "yes".into(),
            ..form("cancel", "")
        };
        assert_eq!(confirmed.action(None), Ok(Action::Cancel));
        let long = StepForm {
            note: "x".repeat(MAX_NOTE + 1),
            ..form("post-progress", "")
        };
        assert!(long.action(None).is_err());
        let accept = StepForm {
            proposal_version: "2".into(),
            ..form("accept", "")
        };
        assert_eq!(accept.action(None), Ok(Action::Accept { version: 2 }));
    }
}
