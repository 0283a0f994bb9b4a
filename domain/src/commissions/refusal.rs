//! Why a step can't be taken, in the words the person is told.

use super::flow::{MAX_NOTE, Party, Stage};
use super::terms::ProposalError;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("This commission is {}: nothing more can change.", .0.label())]
    Closed(Stage),
    #[error("Only the {} can do that.", .0.slug())]
    OtherParty(Party),
    #[error("That can't be done while the commission is {}.", .0.label())]
    NotNow(Stage),
    #[error("The maker has sent a newer proposal (version {current}): please read it first.")]
    StaleProposal { current: u32 },
    #[error("This proposal expired: please ask the maker for a new one.")]
    ProposalExpired,
    #[error("This proposal is still open: it expires when its time is up.")]
    NotExpired,
    #[error(transparent)]
    Proposal(#[from] ProposalError),
    #[error("Please say what you would like changed (at most {MAX_NOTE} characters).")]
    Note,
    #[error(
        "All {0} design rounds are used: approve this design, or the maker can offer an extra \
         round at a price."
    )]
    RoundsUsed(u8),
    #[error("The buyer still has design rounds included: no extra round is needed.")]
    RoundsLeft,
    #[error("This commission has had as many design rounds as it can.")]
    TooManyRounds,
    #[error("Amounts are in {} for this commission.", .0.code())]
    Currency(crate::shared::Currency),
    #[error("A payment must be more than nothing.")]
    NothingPaid,
    #[error("That is more than is owed: {owed} is left to pay.")]
    MoreThanOwed { owed: String },
    #[error("The balance ({owed}) is not paid yet.")]
    BalanceDue { owed: String },
    #[error("An offer is waiting for the buyer's answer.")]
    OfferPending,
    #[error("There is no offer waiting.")]
    NoOffer,
    #[error("It completes by itself 14 days after dispatch; that time is not up.")]
    NotYet,
}
