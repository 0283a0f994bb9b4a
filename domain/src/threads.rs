//! Conversations between a buyer and a maker: one thread per commission and one
//! per consultation booking. Both sides write, pictures attach, and each side's
//! reading is kept as the highest message it has seen, so unread messages can be
//! counted in the header and a batched email withdrawn once they are read.

use crate::accounts::AccountId;
pub use crate::booking::BookingId;
pub use crate::commissions::{CommissionId, CommissionPicture, MessageView, Party, UNSHOWABLE};
use crate::shared::StoreError;
use async_trait::async_trait;
use jiff::Timestamp;

/// What a thread is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Thread {
    Commission(CommissionId),
    Booking(BookingId),
}

impl Thread {
    /// `commission-7`, `booking-3`: how outbox topics and logs name it.
    pub fn key(self) -> String {
        match self {
            Thread::Commission(id) => format!("commission-{}", id.0),
            Thread::Booking(id) => format!("booking-{}", id.0),
        }
    }
}

/// A message between the two sides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Grows with every message: what a side has read is the highest it has seen.
    pub id: i64,
    pub party: Party,
    pub body: String,
    pub pictures: Vec<CommissionPicture>,
    pub at: Timestamp,
}

/// The longest message.
pub const MAX_MESSAGE: usize = 4_000;

#[async_trait]
pub trait ThreadStore: Send + Sync {
    /// Keeps a message; its id is above every earlier one's.
    async fn post_message(
        &self,
        thread: Thread,
        party: Party,
        body: &str,
        pictures: &[CommissionPicture],
        at: Timestamp,
    ) -> Result<i64, StoreError>;

    /// Oldest first.
    async fn messages(&self, thread: Thread) -> Result<Vec<Message>, StoreError>;

    /// The highest message id `party` has seen (0 before any).
    async fn read_up_to(&self, thread: Thread, party: Party) -> Result<i64, StoreError>;

    /// Moves what `party` has seen up to `message`, never back.
    async fn mark_read(&self, thread: Thread, party: Party, message: i64)
    -> Result<(), StoreError>;

    /// Messages from the other side not yet seen, over every commission and
    /// booking the account is the buyer of or the maker of (through its studio),
    /// but for `except` (the thread whose page is being read, which marks them seen).
    async fn unread_messages(
        &self,
        account: AccountId,
        except: Option<Thread>,
    ) -> Result<Unread, StoreError>;

    /// For each booking made from `account`, how many of the maker's messages
    /// its buyer hasn't seen; bookings with none are left out.
    async fn unread_by_booking(
        &self,
        account: AccountId,
    ) -> Result<Vec<(BookingId, u32)>, StoreError>;
}

/// Messages not yet seen, by where they are read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unread {
    pub commissions: u32,
    pub bookings: u32,
}

/// A consultation booking's conversation, as either side's page shows it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BookingThread {
    pub booking: i64,
    pub as_maker: bool,
    /// The other side's name.
    pub with: String,
    /// The consultation and when it is: "Ring consultation, 3 Dec 2026, 09:15 UTC".
    pub about: String,
    pub messages: Vec<MessageView>,
}
