//! What the commission emails say: plain functions of the commission and the
//! step, so every text can be read and tested without a database.

use super::{Action, CommissionRecord, Party};
pub use crate::booking::desk::letters::Letter;
use crate::threads::Message;

/// The commission's page, as a link.
pub fn page_link(site: &str, record: &CommissionRecord) -> String {
    format!("{site}/commissions/{}", record.id.0)
}

/// To the maker: a buyer asks for a commission.
pub fn requested(record: &CommissionRecord, link: &str) -> Letter {
    Letter {
        subject: format!("{} asks you for a commission", record.buyer_name),
        body: format!(
            "Hello {},\n\n{} would like you to make a piece for them. Their brief:\n\n{}\n\nRead it and send your proposal here:\n{link}\n",
            record.maker_name, record.buyer_name, record.brief
        ),
    }
}

/// To the buyer: the finished piece's passport is issued.
pub fn passport_issued(record: &CommissionRecord, version: u32, link: &str) -> Letter {
    Letter {
        subject: format!(
            "The provenance passport of your piece by {}",
            record.maker_name
        ),
        body: format!(
            "Hello {},\n\n{} has issued the provenance passport of the piece they made for you (version {version}). It records what the piece is made of, and links the design agreement and every progress picture by their fingerprints, so anyone you show it to can check them:\n\n{link}\n\nIt is private: only people you give this link to can open it. Keep it with the piece, or print it for your insurer.\n",
            record.buyer_name, record.maker_name
        ),
    }
}

/// What a step did, in a sentence about whoever took it.
pub fn step_sentence(action: &Action, who: &str) -> String {
    match action {
        Action::Propose(proposal) if proposal.version > 1 => {
            format!(
                "{who} sent a revised proposal (version {}).",
                proposal.version
            )
        }
        Action::Propose(_) => format!("{who} sent a proposal."),
        Action::AskForChanges { .. } => format!("{who} asked for changes."),
        Action::Accept { version } => format!("{who} accepted proposal version {version}."),
        Action::Decline => format!("{who} declined the commission."),
        Action::Expire => "The proposal expired unanswered.".into(),
        Action::RecordPayment { amount } => format!("{who} recorded a payment of {amount}."),
        Action::PostDesign => format!("{who} posted a design."),
        Action::ApproveDesign => {
            format!("{who} approved the design: the agreement is signed and frozen.")
        }
        Action::OfferExtraRound { price } => {
            format!("{who} offered an extra design round for {price}.")
        }
        Action::AcceptExtraRound => format!("{who} accepted the extra design round."),
        Action::OfferChange { price } => format!("{who} offered a change for {price}."),
        Action::AcceptChange => format!("{who} accepted the change."),
        Action::DeclineChange => format!("{who} declined the change."),
        Action::StartMaking => format!("{who} started making the piece."),
        Action::PostProgress => format!("{who} posted progress."),
        Action::MarkReady => format!("{who} finished the piece."),
        Action::Ship => format!("{who} sent the piece."),
        Action::HandOver => format!("{who} handed the piece over."),
        Action::ConfirmReceipt => format!("{who} confirmed the piece arrived."),
        Action::CompleteUnanswered => "The commission completed 14 days after dispatch.".into(),
        Action::Cancel => format!("{who} cancelled the commission."),
    }
}

/// To the other side: a step was taken, with what its taker wrote.
pub fn stepped(
    record: &CommissionRecord,
    party: Party,
    action: &Action,
    note: &str,
    link: &str,
) -> Letter {
    let (who, reader) = (record.name_of(party), record.name_of(party.other()));
    let said = if note.is_empty() {
        String::new()
    } else {
        format!("\n\n{who} wrote:\n{note}")
    };
    Letter {
        subject: format!("Your commission: {}", step_sentence(action, who)),
        body: format!(
            "Hello {reader},\n\n{}{said}\n\nSee the commission and what comes next:\n{link}\n",
            step_sentence(action, who)
        ),
    }
}

/// To the other side: what `writer` wrote on the commission, unread.
pub fn messages(
    record: &CommissionRecord,
    writer: Party,
    messages: &[Message],
    link: &str,
) -> Letter {
    let (subject, body) = crate::threads::messages_letter(
        &crate::threads::Conversation {
            writer: record.name_of(writer),
            reader: record.name_of(writer.other()),
            about: "your commission",
            page: "the commission's page",
        },
        messages,
        link,
    );
    Letter { subject, body }
}

/// To the buyer: the proposal waits for an answer, and until when.
pub fn answer_soon(record: &CommissionRecord, until: &str, link: &str) -> Letter {
    Letter {
        subject: format!("{}'s proposal waits for your answer", record.maker_name),
        body: format!(
            "Hello {},\n\nThe proposal {} sent you is open until {until}. Accept it, ask for changes or decline here:\n{link}\n",
            record.buyer_name, record.maker_name
        ),
    }
}

/// To each side: the clock took a step (the proposal expired, or the commission
/// completed unanswered after dispatch).
pub fn clock_stepped(action: &Action, reader: &str, link: &str) -> Letter {
    let sentence = step_sentence(action, "Touchstone");
    Letter {
        subject: format!("Your commission: {sentence}"),
        body: format!("Hello {reader},\n\n{sentence}\n\nThe commission:\n{link}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::{Currency, Money};

    fn record() -> CommissionRecord {
        CommissionRecord {
            id: super::super::CommissionId(7),
            maker: crate::makers::MakerId(1),
            maker_name: "Ana Ruiz".into(),
            maker_slug: "ana-ruiz".into(),
            maker_email: Some("ana@example.com".into()),
            buyer: crate::shared::AccountId(2),
            buyer_name: "Ben".into(),
            buyer_email: "ben@example.com".into(),
            booking: None,
            brief: "A ring with my grandmother's sapphire".into(),
            state: super::super::Commission::requested(),
            created_at: jiff::Timestamp::UNIX_EPOCH,
            updated_at: jiff::Timestamp::UNIX_EPOCH,
        }
    }

    #[test]
    fn several_messages_go_in_one_letter() {
        let message = |id: i64, body: &str| Message {
            id,
            party: Party::Buyer,
            body: body.into(),
            pictures: Vec::new(),
            at: jiff::Timestamp::UNIX_EPOCH,
        };
        let one = messages(&record(), Party::Buyer, &[message(1, "Hello")], "L");
        assert_eq!(one.subject, "A message from Ben about your commission");
        assert!(
            one.body
                .starts_with("Hello Ana Ruiz,\n\nBen wrote:\n\nHello\n")
        );
        let two = messages(
            &record(),
            Party::Buyer,
            &[message(1, "Hello"), message(2, "And the size is M")],
            "L",
        );
        assert_eq!(two.subject, "2 messages from Ben about your commission");
        assert!(two.body.contains("Hello\n\n---\n\nAnd the size is M"));
        let pictured = Message {
            pictures: vec![
                super::super::CommissionPicture {
                    image: crate::shared::ImageRef {
                        key: "k".into(),
                        width: 1,
                        height: 1,
                        alt: String::new(),
                        access: String::new(),
                    },
                    sha256: String::new(),
                };
                2
            ],
            ..message(3, "")
        };
        let letter = messages(&record(), Party::Buyer, &[pictured], "L");
        assert!(
            letter
                .body
                .contains("Ben wrote:\n\n[2 pictures on the commission's page]")
        );
    }

    #[test]
    fn the_maker_hears_of_a_request_with_its_brief_and_link() {
        let letter = requested(&record(), "https://t.example/commissions/7");
        assert_eq!(letter.subject, "Ben asks you for a commission");
        assert!(letter.body.starts_with("Hello Ana Ruiz,"));
        assert!(letter.body.contains("grandmother's sapphire"));
        assert!(letter.body.contains("https://t.example/commissions/7"));
    }

    #[test]
    fn a_step_tells_the_other_side_what_happened_and_what_was_written() {
        let paid = Action::RecordPayment {
            amount: Money::from_minor(120_000, Currency::GBP).expect("an amount"),
        };
        let letter = stepped(&record(), Party::Maker, &paid, "", "L");
        assert_eq!(
            letter.subject,
            "Your commission: Ana Ruiz recorded a payment of £1,200."
        );
        assert!(letter.body.starts_with("Hello Ben,"));
        assert!(!letter.body.contains("wrote"));
        let asked = Action::AskForChanges {
            note: "Thinner band".into(),
        };
        let letter = stepped(&record(), Party::Buyer, &asked, "Thinner band", "L");
        assert!(letter.body.starts_with("Hello Ana Ruiz,"));
        assert!(letter.body.contains("Ben wrote:\nThinner band"));
        let shipped = stepped(
            &record(),
            Party::Maker,
            &Action::Ship,
            "Royal Mail AB123",
            "L",
        );
        assert!(shipped.body.contains("Ana Ruiz wrote:\nRoyal Mail AB123"));
    }
}
