//! How a storage port fails, for every port alike.

/// The uniqueness rule a write broke: services turn each into what a person is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conflict {
    MakerAddress,
    PieceAddress,
    MediaFile,
    EmailAddress,
    /// The account has a studio already.
    Studio,
    /// The maker's time is taken by another booking.
    Time,
    /// A booking with this idempotency key exists.
    Booking,
    /// The signed link was used already.
    Link,
    /// A payment with this idempotency key exists.
    Payment,
    /// The commission's finished piece is written up already.
    FinishedPiece,
    /// Another custody entry took this place in the log first.
    CustodyEntry,
    /// Every unit of the piece is held or sold.
    PieceTaken,
    /// A rule the adapters don't name.
    Other,
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Conflict::MakerAddress => "maker address",
            Conflict::PieceAddress => "piece address",
            Conflict::MediaFile => "media file",
            Conflict::EmailAddress => "email address",
            Conflict::Studio => "studio",
            Conflict::Time => "time",
            Conflict::Booking => "booking",
            Conflict::Link => "link",
            Conflict::Payment => "payment",
            Conflict::FinishedPiece => "finished piece",
            Conflict::CustodyEntry => "custody entry",
            Conflict::PieceTaken => "piece",
            Conflict::Other => "record",
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness rule was broken.
    #[error("{0} is already taken")]
    Duplicate(Conflict),
    #[error("a referenced record does not exist")]
    MissingReference,
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error("the database failed: {0}")]
    Backend(String),
    /// PostgreSQL gave way to a concurrent transaction (a deadlock or a
    /// serialization failure): running the transaction again is safe.
    #[error("the transaction gave way to a concurrent one")]
    Contended,
}
