//! The commission as a state machine: a stage, and the one step each party may
//! take from it. `Commission::apply` is the only way forward; it decides on a
//! snapshot and returns the next one with its version moved, so storage saves it
//! only over the version it was decided at (two tabs, two servers, a double
//! click: one step happens, the other is told what did).

pub use super::refusal::Refusal;
use super::terms::{Proposal, refund_share};
use crate::shared::Money;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// Who takes a step: one of the two people, or the clock (expiry, completion).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Party {
    Buyer,
    Maker,
    Clock,
}

impl Party {
    pub const ALL: [Party; 3] = [Party::Buyer, Party::Maker, Party::Clock];

    /// The party's name, as the tables and the texts spell it.
    pub fn slug(self) -> &'static str {
        match self {
            Party::Buyer => "buyer",
            Party::Maker => "maker",
            Party::Clock => "clock",
        }
    }

    /// The other person: the maker for the buyer and the other way round.
    pub fn other(self) -> Party {
        match self {
            Party::Buyer => Party::Maker,
            Party::Maker => Party::Buyer,
            Party::Clock => Party::Clock,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// The buyer's brief waits for the maker's proposal.
    Requested,
    /// A proposal waits for the buyer.
    Proposed,
    /// The buyer asked for a different proposal.
    ChangesAsked,
    /// Accepted: the deposit is due.
    AwaitingDeposit,
    /// The maker works on a design round.
    Designing,
    /// A design waits for the buyer.
    DesignPosted,
    /// The included rounds are used; the maker offers another at a price.
    ExtraRoundOffered,
    /// The design is approved and the agreement frozen.
    Agreed,
    Making,
    /// Made: the balance is due, then dispatch or collection.
    Ready,
    Dispatched,
    Completed,
    Declined,
    Expired,
    Cancelled,
}

impl Stage {
    pub const ALL: [Stage; 15] = [
        Stage::Requested,
        Stage::Proposed,
        Stage::ChangesAsked,
        Stage::AwaitingDeposit,
        Stage::Designing,
        Stage::DesignPosted,
        Stage::ExtraRoundOffered,
        Stage::Agreed,
        Stage::Making,
        Stage::Ready,
        Stage::Dispatched,
        Stage::Completed,
        Stage::Declined,
        Stage::Expired,
        Stage::Cancelled,
    ];

    pub fn is_closed(self) -> bool {
        matches!(
            self,
            Stage::Completed | Stage::Declined | Stage::Expired | Stage::Cancelled
        )
    }

    /// The stage as the timeline names it.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Requested => "waiting for the maker's proposal",
            Stage::Proposed => "waiting for the buyer's answer to the proposal",
            Stage::ChangesAsked => "waiting for a revised proposal",
            Stage::AwaitingDeposit => "waiting for the deposit",
            Stage::Designing => "in design",
            Stage::DesignPosted => "waiting for the buyer's answer to the design",
            Stage::ExtraRoundOffered => "waiting for the buyer's answer to an extra round",
            Stage::Agreed => "agreed, about to be made",
            Stage::Making => "being made",
            Stage::Ready => "ready",
            Stage::Dispatched => "on its way",
            Stage::Completed => "completed",
            Stage::Declined => "declined",
            Stage::Expired => "expired",
            Stage::Cancelled => "cancelled",
        }
    }

    /// Accepted and not yet ended: money may move.
    fn after_acceptance(self) -> bool {
        matches!(
            self,
            Stage::AwaitingDeposit
                | Stage::Designing
                | Stage::DesignPosted
                | Stage::ExtraRoundOffered
                | Stage::Agreed
                | Stage::Making
                | Stage::Ready
        )
    }
}

/// One step. Notes and pictures travel beside it to the timeline; the state
/// machine decides on what changes the commission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// The maker's quote, or a revision of it.
    Propose(Proposal),
    /// The buyer asks for a different proposal, or for changes to a design.
    AskForChanges {
        note: String,
    },
    /// The buyer accepts the proposal version they read.
    Accept {
        version: u32,
    },
    /// Either side ends it before a proposal is accepted.
    Decline,
    /// The proposal's time ran out.
    Expire,
    /// The maker records a payment received (bank transfer, cash), or
    /// Touchstone a card payment the processor took.
    RecordPayment {
        amount: Money,
    },
    PostDesign,
    ApproveDesign,
    /// The included rounds are used; another costs this much.
    OfferExtraRound {
        price: Money,
    },
    AcceptExtraRound,
    /// A change after the design is agreed, at this price.
    OfferChange {
        price: Money,
    },
    AcceptChange,
    DeclineChange,
    StartMaking,
    PostProgress,
    MarkReady,
    Ship,
    /// Collected from the studio.
    HandOver,
    ConfirmReceipt,
    /// Nobody said otherwise within `DISPATCH_COMPLETES_AFTER` of dispatch.
    CompleteUnanswered,
    /// Either side ends it after acceptance, before dispatch.
    Cancel,
}

impl Action {
    /// The step's name, as the transition table and the timeline call it.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Propose(_) => "propose",
            Action::AskForChanges { .. } => "ask-for-changes",
            Action::Accept { .. } => "accept",
            Action::Decline => "decline",
            Action::Expire => "expire",
            Action::RecordPayment { .. } => "record-payment",
            Action::PostDesign => "post-design",
            Action::ApproveDesign => "approve-design",
            Action::OfferExtraRound { .. } => "offer-extra-round",
            Action::AcceptExtraRound => "accept-extra-round",
            Action::OfferChange { .. } => "offer-change",
            Action::AcceptChange => "accept-change",
            Action::DeclineChange => "decline-change",
            Action::StartMaking => "start-making",
            Action::PostProgress => "post-progress",
            Action::MarkReady => "mark-ready",
            Action::Ship => "ship",
            Action::HandOver => "hand-over",
            Action::ConfirmReceipt => "confirm-receipt",
            Action::CompleteUnanswered => "complete-unanswered",
            Action::Cancel => "cancel",
        }
    }

    /// Who may take this step.
    pub(super) fn taken_by(&self, party: Party) -> bool {
        let only = |allowed: Party| party == allowed;
        match self {
            Action::Decline | Action::Cancel => party != Party::Clock,
            Action::Expire | Action::CompleteUnanswered => only(Party::Clock),
            // Touchstone records a card payment on the card processor's word.
            Action::RecordPayment { .. } => party == Party::Maker || party == Party::Clock,
            Action::AskForChanges { .. }
            | Action::Accept { .. }
            | Action::ApproveDesign
            | Action::AcceptExtraRound
            | Action::AcceptChange
            | Action::DeclineChange
            | Action::ConfirmReceipt => only(Party::Buyer),
            Action::Propose(_)
            | Action::PostDesign
            | Action::OfferExtraRound { .. }
            | Action::OfferChange { .. }
            | Action::StartMaking
            | Action::PostProgress
            | Action::MarkReady
            | Action::Ship
            | Action::HandOver => only(Party::Maker),
        }
    }

    /// The party a step belongs to (the buyer for a step either side may take).
    pub fn owner(&self) -> Party {
        Party::ALL
            .into_iter()
            .find(|party| self.taken_by(*party))
            .unwrap_or(Party::Clock)
    }
}

/// A priced offer waiting for the buyer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Offer {
    ExtraRound { minor: i64 },
    Change { minor: i64 },
}

/// What the design lock froze: never changed after.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub proposal_version: u32,
    pub design_round: u8,
    /// The price at the lock, extra rounds included, in minor units.
    pub price_minor: i64,
}

/// A commission as the state machine sees it. Money is in minor units of the
/// accepted proposal's currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commission {
    pub stage: Stage,
    /// Moves with every step: a step is saved only over the version it was decided at.
    pub version: u32,
    /// The latest proposal, and when it was sent.
    pub proposal: Option<Proposal>,
    pub proposed_at: Option<Timestamp>,
    /// The proposal the buyer accepted: its terms govern everything after.
    pub accepted: Option<Proposal>,
    /// The design round being worked on or shown; 0 before the first.
    pub round: u8,
    /// Rounds bought beyond those included.
    pub extra_rounds: u8,
    pub offer: Option<Offer>,
    /// Agreed additions to the price: extra rounds and change orders.
    pub changes_minor: i64,
    pub paid_minor: i64,
    pub refunded_minor: i64,
    pub agreement: Option<Agreement>,
    pub dispatched_at: Option<Timestamp>,
}

/// The most design rounds any commission runs to, extra ones included.
pub const MAX_ROUNDS: u8 = 30;
/// The longest note a step carries.
pub const MAX_NOTE: usize = 2_000;
/// The buyer is reminded of an open proposal this long before it expires.
pub const REMIND_BEFORE_EXPIRY: SignedDuration = SignedDuration::from_hours(48);
/// A dispatched piece the buyer doesn't say anything about completes after this.
pub const DISPATCH_COMPLETES_AFTER: SignedDuration = SignedDuration::from_hours(14 * 24);

impl Commission {
    /// A buyer's new request.
    pub fn requested() -> Commission {
        Commission {
            stage: Stage::Requested,
            version: 0,
            proposal: None,
            proposed_at: None,
            accepted: None,
            round: 0,
            extra_rounds: 0,
            offer: None,
            changes_minor: 0,
            paid_minor: 0,
            refunded_minor: 0,
            agreement: None,
            dispatched_at: None,
        }
    }

    /// The price as it stands: the accepted proposal's and every agreed change.
    pub fn price_minor(&self) -> i64 {
        self.accepted
            .as_ref()
            .map_or(0, |accepted| accepted.price.minor() + self.changes_minor)
    }

    pub fn deposit_minor(&self) -> i64 {
        self.accepted.as_ref().map_or(0, Proposal::deposit_minor)
    }

    /// What is left to pay.
    pub fn owed_minor(&self) -> i64 {
        self.price_minor() - self.paid_minor
    }

    /// The rounds the buyer may have: those included and those bought.
    pub fn rounds_allowed(&self) -> u8 {
        self.accepted
            .as_ref()
            .map_or(0, |accepted| accepted.rounds_included)
            .saturating_add(self.extra_rounds)
    }

    /// When the current proposal stops being open.
    pub fn proposal_expires_at(&self) -> Option<Timestamp> {
        let proposal = self.proposal.as_ref()?;
        let days = i64::from(proposal.valid_for_days);
        self.proposed_at?
            .checked_add(SignedDuration::from_hours(24 * days))
            .ok()
    }

    /// What comes back to the buyer if `party` cancels now: everything paid when
    /// the maker ends it, the stage's share of it under the terms when the buyer does.
    pub fn refund_if_cancelled_by(&self, party: Party) -> i64 {
        let Some(accepted) = &self.accepted else {
            return 0;
        };
        if party == Party::Maker {
            return self.paid_minor;
        }
        let terms = accepted.refunds;
        let share = match self.stage {
            Stage::Agreed => terms.after_design_agreed,
            Stage::Making | Stage::Ready => terms.once_making_started,
            _ => terms.before_design_agreed,
        };
        refund_share(self.paid_minor, share)
    }

    /// The currency of its proposal, once there is one.
    pub fn currency(&self) -> Option<crate::shared::Currency> {
        self.accepted
            .as_ref()
            .or(self.proposal.as_ref())
            .map(|proposal| proposal.price.currency())
    }

    /// The amount in this commission's currency, or why not.
    fn minor_of(&self, amount: Money) -> Result<i64, Refusal> {
        let currency = self
            .accepted
            .as_ref()
            .map(|accepted| accepted.price.currency())
            .unwrap_or(amount.currency());
        if amount.currency() != currency {
            return Err(Refusal::Currency(currency));
        }
        Ok(amount.minor())
    }

    fn money(&self, minor: i64) -> String {
        self.accepted
            .as_ref()
            .and_then(|accepted| Money::from_minor(minor, accepted.price.currency()).ok())
            .map_or_else(|| minor.to_string(), |money| money.to_string())
    }

    fn balance_paid(&self) -> Result<(), Refusal> {
        match self.owed_minor() {
            0 => Ok(()),
            owed => Err(Refusal::BalanceDue {
                owed: self.money(owed),
            }),
        }
    }

    /// The commission after `party` takes `action` at `now`, or why it can't.
    pub fn apply(
        &self,
        party: Party,
        action: &Action,
        now: Timestamp,
    ) -> Result<Commission, Refusal> {
        if self.stage.is_closed() {
            return Err(Refusal::Closed(self.stage));
        }
        if !action.taken_by(party) {
            return Err(Refusal::OtherParty(action.owner()));
        }
        let mut next = self.clone();
        let stage = self.step(party, action, now, &mut next)?;
        next.stage = stage;
        next.version = self.version + 1;
        Ok(next)
    }

    /// Decides the step, changing `next` (a copy of `self`); returns the new stage.
    fn step(
        &self,
        party: Party,
        action: &Action,
        now: Timestamp,
        next: &mut Commission,
    ) -> Result<Stage, Refusal> {
        use Stage::*;
        match (action, self.stage) {
            (Action::Propose(proposal), Requested | ChangesAsked | Proposed) => {
                let version = self.proposal.as_ref().map_or(1, |p| p.version + 1);
                next.proposal = Some(
                    Proposal {
                        version,
                        ..proposal.clone()
                    }
                    .checked()?,
                );
                next.proposed_at = Some(now);
                Ok(Proposed)
            }
            (Action::AskForChanges { note }, Proposed | DesignPosted) => {
                let note = note.trim();
                if note.is_empty() || note.chars().count() > MAX_NOTE {
                    return Err(Refusal::Note);
                }
                if self.stage == Proposed {
                    return Ok(ChangesAsked);
                }
                if self.round >= self.rounds_allowed() {
                    return Err(Refusal::RoundsUsed(self.rounds_allowed()));
                }
                next.round = self.round + 1;
                Ok(Designing)
            }
            (Action::Accept { version }, Proposed) => {
                let current = self.proposal.as_ref().map_or(0, |p| p.version);
                if *version != current {
                    return Err(Refusal::StaleProposal { current });
                }
                if self
                    .proposal_expires_at()
                    .is_none_or(|expiry| now >= expiry)
                {
                    return Err(Refusal::ProposalExpired);
                }
                next.accepted = self.proposal.clone();
                if next.deposit_minor() == 0 {
                    next.round = 1;
                    return Ok(Designing);
                }
                Ok(AwaitingDeposit)
            }
            (Action::Decline, Requested | Proposed | ChangesAsked) => Ok(Declined),
            (Action::Expire, Proposed) => {
                if self
                    .proposal_expires_at()
                    .is_some_and(|expiry| now < expiry)
                {
                    return Err(Refusal::NotExpired);
                }
                Ok(Expired)
            }
            (Action::RecordPayment { amount }, stage) if stage.after_acceptance() => {
                let minor = self.minor_of(*amount)?;
                if minor <= 0 {
                    return Err(Refusal::NothingPaid);
                }
                if minor > self.owed_minor() {
                    return Err(Refusal::MoreThanOwed {
                        owed: self.money(self.owed_minor()),
                    });
                }
                next.paid_minor = self.paid_minor + minor;
                if stage == AwaitingDeposit && next.paid_minor >= self.deposit_minor() {
                    next.round = 1;
                    return Ok(Designing);
                }
                Ok(stage)
            }
            (Action::PostDesign, Designing) => Ok(DesignPosted),
            (Action::ApproveDesign, DesignPosted | ExtraRoundOffered) => {
                next.offer = None;
                next.agreement = Some(Agreement {
                    proposal_version: self.accepted.as_ref().map_or(0, |p| p.version),
                    design_round: self.round,
                    price_minor: self.price_minor(),
                });
                Ok(Agreed)
            }
            (Action::OfferExtraRound { price }, DesignPosted) => {
                let minor = self.minor_of(*price)?;
                if self.round < self.rounds_allowed() {
                    return Err(Refusal::RoundsLeft);
                }
                if self.round >= MAX_ROUNDS {
                    return Err(Refusal::TooManyRounds);
                }
                next.offer = Some(Offer::ExtraRound { minor });
                Ok(ExtraRoundOffered)
            }
            (Action::AcceptExtraRound, ExtraRoundOffered) => {
                let Some(Offer::ExtraRound { minor }) = self.offer else {
                    return Err(Refusal::NoOffer);
                };
                next.offer = None;
                next.changes_minor = self.changes_minor + minor;
                next.extra_rounds = self.extra_rounds + 1;
                next.round = self.round + 1;
                Ok(Designing)
            }
            (Action::OfferChange { price }, Agreed | Making) => {
                let minor = self.minor_of(*price)?;
                if self.offer.is_some() {
                    return Err(Refusal::OfferPending);
                }
                next.offer = Some(Offer::Change { minor });
                Ok(self.stage)
            }
            (Action::AcceptChange | Action::DeclineChange, Agreed | Making) => {
                let Some(Offer::Change { minor }) = self.offer else {
                    return Err(Refusal::NoOffer);
                };
                next.offer = None;
                if matches!(action, Action::AcceptChange) {
                    next.changes_minor = self.changes_minor + minor;
                }
                Ok(self.stage)
            }
            (Action::StartMaking, Agreed) => Ok(Making),
            (Action::PostProgress, Making) => Ok(Making),
            (Action::MarkReady, Making) => {
                if self.offer.is_some() {
                    return Err(Refusal::OfferPending);
                }
                Ok(Ready)
            }
            (Action::Ship, Ready) => {
                self.balance_paid()?;
                next.dispatched_at = Some(now);
                Ok(Dispatched)
            }
            (Action::HandOver, Ready) => {
                self.balance_paid()?;
                Ok(Completed)
            }
            (Action::ConfirmReceipt, Dispatched) => Ok(Completed),
            (Action::CompleteUnanswered, Dispatched) => {
                let due = self
                    .dispatched_at
                    .and_then(|at| at.checked_add(DISPATCH_COMPLETES_AFTER).ok());
                if due.is_some_and(|due| now < due) {
                    return Err(Refusal::NotYet);
                }
                Ok(Completed)
            }
            (Action::Cancel, stage) if stage.after_acceptance() => {
                next.offer = None;
                next.refunded_minor = self.refund_if_cancelled_by(party);
                Ok(Cancelled)
            }
            _ => Err(Refusal::NotNow(self.stage)),
        }
    }
}
