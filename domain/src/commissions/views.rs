//! What the commission pages show, as the browser receives it: every text
//! already worded, every sum already formatted in the commission's currency.

use super::flow::Stage;
use super::forms::StepForm;
use serde::{Deserialize, Serialize};

/// The request page: to whom, whether the visitor can send it, and the brief to
/// start from (their consultation's, when they come from one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestStart {
    pub maker: String,
    pub signed_in: bool,
    pub brief: String,
}

/// A line in a list of commissions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommissionSummary {
    pub id: i64,
    /// The other side's name.
    pub with: String,
    /// What is being made, or the brief's opening words before a proposal.
    pub piece: String,
    pub stage: Stage,
    pub stage_label: String,
    /// The next step is the viewer's.
    pub waiting_for_you: bool,
    pub updated: String,
}

/// One version of the proposal, as the buyer reads it before accepting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalView {
    pub version: u32,
    pub facts: Vec<(String, String)>,
    /// When the buyer's answer is due (UTC), while it is open.
    pub answer_by: Option<String>,
}

/// A step on the timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepView {
    pub when: String,
    pub what: String,
    pub note: String,
    /// Its pictures, each with the SHA-256 of its file.
    pub pictures: Vec<(crate::shared::ImageRef, String)>,
}

/// A message on the commission's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub who: String,
    pub when: String,
    pub body: String,
    /// Its pictures, each with the SHA-256 of its file.
    pub pictures: Vec<(crate::shared::ImageRef, String)>,
    /// From the other side, and not seen before this page.
    pub new: bool,
}

/// A payment on the commission's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub when: String,
    pub amount: String,
    pub method: String,
    pub status: String,
    /// What was given back of it, when anything was.
    pub refunded: Option<String>,
}

/// The signed agreement, as the commission's page links it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementLink {
    pub digest: String,
    pub valid: bool,
}

/// A commission's page, for its buyer or its maker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommissionView {
    pub id: i64,
    pub as_maker: bool,
    pub maker_name: String,
    pub maker_slug: String,
    pub buyer_name: String,
    pub brief: String,
    /// When the buyer asked.
    pub requested: String,
    /// The consultation booking it grew out of, for the buyer to open.
    pub booking: Option<i64>,
    pub stage: Stage,
    pub stage_label: String,
    pub version: u32,
    /// The proposal on the table, or the one accepted.
    pub proposal: Option<ProposalView>,
    /// Price, deposit, paid, still to pay, refunded, as lines.
    pub money: Vec<(String, String)>,
    /// Every payment, oldest first.
    pub payments: Vec<PaymentView>,
    /// "Round 2 of 3 included".
    pub rounds: Option<String>,
    /// A priced offer waiting for the buyer, in words.
    pub offer: Option<String>,
    /// The steps the viewer may take now (`Action::name`s).
    pub open_steps: Vec<String>,
    /// What the buyer gets back if the viewer cancels now, in words.
    pub cancel_refund: Option<String>,
    /// The currency amounts are typed in.
    pub currency: String,
    /// The maker's proposal form, filled in from the last proposal.
    pub proposal_form: StepForm,
    pub agreement: Option<AgreementLink>,
    pub steps: Vec<StepView>,
    pub messages: Vec<MessageView>,
    pub finished: FinishedPieceView,
    /// What the buyer handed over, and the log of it.
    pub custody: super::CustodyView,
    /// What the buyer may pay by card now ("£1,200"), when cards are taken.
    pub card_due: Option<String>,
    /// The card processor's form, once the buyer started paying by card.
    pub card: Option<crate::payments::CardCheckout>,
}

/// The commission's finished piece, as its page shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinishedPieceView {
    /// The maker may write it up now (the design is agreed; not yet written up).
    pub may_write_up: bool,
    pub written_up: bool,
    /// The piece's editor in the studio, for the maker.
    pub editor: Option<String>,
    /// The maker may issue (or renew) its passport: it is written up and made.
    pub may_issue_passport: bool,
    /// Its passport's id and newest version.
    pub passport: Option<(String, u32)>,
    pub shown_by_buyer: bool,
    /// Its public page, while the maker shows it.
    pub published: Option<String>,
}

impl CommissionView {
    pub fn may(&self, step: &str) -> bool {
        self.open_steps.iter().any(|open| open == step)
    }
}

/// The agreement's page: the frozen document, and whether it still verifies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementView {
    pub commission: i64,
    pub valid: bool,
    pub digest: String,
    pub key_id: String,
    pub signed_at: String,
    pub maker: String,
    pub facts: Vec<(String, String)>,
    pub design_pictures: Vec<String>,
}
