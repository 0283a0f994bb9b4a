//! What commissions need from the database. A step is saved only over the
//! version it was decided at (`UPDATE … WHERE version = $from`, and the step's
//! row keyed by commission and version), so of two racing steps exactly one is
//! kept; the agreement, once signed, is never written again.

use super::agreement::SignedAgreement;
use super::flow::{Action, Commission, Party, Stage};
use crate::accounts::AccountId;
use crate::booking::BookingId;
use crate::makers::MakerId;
use crate::shared::StoreError;
use async_trait::async_trait;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CommissionId(pub i64);

impl CommissionId {
    /// What its payments are kept under.
    pub fn purpose(self) -> String {
        format!("commission-{}", self.0)
    }
}

/// A buyer's request, as first stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCommission {
    pub maker: MakerId,
    pub buyer: AccountId,
    /// The consultation it grew out of, when there was one.
    pub booking: Option<BookingId>,
    pub brief: String,
    pub created_at: Timestamp,
}

/// A commission as kept, with the names and addresses of both sides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommissionRecord {
    pub id: CommissionId,
    pub maker: MakerId,
    pub maker_name: String,
    pub maker_slug: String,
    /// Where the maker hears of steps; `None` for a maker without an account.
    pub maker_email: Option<String>,
    pub buyer: AccountId,
    pub buyer_name: String,
    pub buyer_email: String,
    pub booking: Option<BookingId>,
    pub brief: String,
    pub state: Commission,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A picture a step carries (a design's sketches, progress photos), private to
/// the two sides, with the SHA-256 of its stored file: the agreement and the
/// passport name pictures by it, so anyone can check the file is the one shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommissionPicture {
    pub image: crate::shared::ImageRef,
    pub sha256: String,
}

/// The most pictures one step carries.
pub const MAX_STEP_PICTURES: usize = 8;

impl CommissionRecord {
    /// Where `party` hears of the commission; `None` for a maker without an account.
    pub fn email_of(&self, party: Party) -> Option<&str> {
        match party {
            Party::Buyer => Some(self.buyer_email.as_str()),
            Party::Maker => self.maker_email.as_deref(),
            Party::Clock => None,
        }
    }

    pub fn name_of(&self, party: Party) -> &str {
        match party {
            Party::Buyer => &self.buyer_name,
            Party::Maker => &self.maker_name,
            Party::Clock => "Touchstone",
        }
    }
}

/// A step decided on a snapshot: the commission after it, and what the timeline
/// keeps of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewStep {
    /// `Commission::apply`'s result: its version is the one before plus one.
    pub next: Commission,
    pub party: Party,
    pub action: Action,
    /// What the person wrote with it (a design's note, a carrier and tracking number).
    pub note: String,
    pub pictures: Vec<CommissionPicture>,
    pub at: Timestamp,
    /// What the step pays, settles or gives back.
    pub money: crate::payments::PaymentChanges,
    /// The clock's steps this one makes due (`Commission::clock_jobs` of `next`),
    /// set in the same transaction in place of the commission's jobs before.
    pub schedule: Vec<(ClockJob, Timestamp)>,
}

/// A step the clock takes when its time comes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClockJob {
    /// The proposal's days are up unanswered.
    ExpireProposal,
    /// Two days before that, the buyer is reminded.
    RemindProposal,
    /// Fourteen days after dispatch with no word from the buyer.
    CompleteUnanswered,
}

impl ClockJob {
    pub const ALL: [ClockJob; 3] = [
        ClockJob::ExpireProposal,
        ClockJob::RemindProposal,
        ClockJob::CompleteUnanswered,
    ];

    /// The name the job table keeps.
    pub fn slug(self) -> &'static str {
        match self {
            ClockJob::ExpireProposal => "expire-proposal",
            ClockJob::RemindProposal => "remind-proposal",
            ClockJob::CompleteUnanswered => "complete-unanswered",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|job| job.slug() == slug)
    }
}

/// A clock job claimed by this server until its lease ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DueJob {
    pub id: i64,
    pub commission: CommissionId,
    pub job: ClockJob,
    pub due_at: Timestamp,
}

/// One step on a commission's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepRecord {
    /// The commission's version this step made.
    pub version: u32,
    pub party: Party,
    pub action: Action,
    pub note: String,
    pub pictures: Vec<CommissionPicture>,
    /// Where the step left the commission.
    pub stage: Stage,
    pub at: Timestamp,
}

#[async_trait]
pub trait CommissionStore: Send + Sync {
    async fn create_commission(&self, new: &NewCommission) -> Result<CommissionId, StoreError>;

    async fn commission(&self, id: CommissionId) -> Result<Option<CommissionRecord>, StoreError>;

    /// The buyer's commissions, the most recently moved first.
    async fn buyer_commissions(
        &self,
        buyer: AccountId,
    ) -> Result<Vec<CommissionRecord>, StoreError>;

    /// The maker's commissions, the most recently moved first.
    async fn maker_commissions(&self, maker: MakerId) -> Result<Vec<CommissionRecord>, StoreError>;

    /// Saves the step if the commission is still at the version before it, with
    /// the agreement the step froze, its payment and refunds (in the same
    /// transaction); `false` when another step was saved first, and then nothing
    /// is written.
    async fn record_step(
        &self,
        id: CommissionId,
        step: &NewStep,
        agreement: Option<&SignedAgreement>,
    ) -> Result<bool, StoreError>;

    /// The commission's steps, oldest first.
    async fn commission_steps(&self, id: CommissionId) -> Result<Vec<StepRecord>, StoreError>;

    /// The signed agreement, once the design is agreed.
    async fn agreement(&self, id: CommissionId) -> Result<Option<SignedAgreement>, StoreError>;

    /// Claims up to `limit` clock jobs due by `now` until `lease_until`, soonest
    /// first; a job claimed by another server is skipped until its lease ends.
    async fn claim_clock_jobs(
        &self,
        now: Timestamp,
        lease_until: Timestamp,
        limit: u32,
    ) -> Result<Vec<DueJob>, StoreError>;

    /// Removes a job that was done, unless a later step set it again meanwhile.
    async fn finish_clock_job(&self, job: &DueJob) -> Result<(), StoreError>;

    /// The piece the commission made, once its maker has written it up.
    async fn finished_piece(
        &self,
        commission: CommissionId,
    ) -> Result<Option<FinishedPiece>, StoreError>;

    /// Records whether the buyer agrees that the maker may show the finished
    /// piece. Withdrawing takes a shown piece off the maker's pages in the same
    /// transaction. `false` when the commission has no finished piece.
    async fn show_finished_piece(
        &self,
        commission: CommissionId,
        shown_by_buyer: bool,
        now: Timestamp,
    ) -> Result<bool, StoreError>;
}

/// A commission's finished piece, as its page links it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FinishedPiece {
    pub piece: crate::shared::PieceId,
    pub slug: crate::shared::Slug,
    /// Shown in the maker's portfolio now.
    pub published: bool,
    pub shown_by_buyer: bool,
    /// Its passport's id and newest version, once issued.
    pub passport: Option<(String, u32)>,
}
