use serde::{Deserialize, Serialize};

/// A stored picture as a page shows it: where it is, its size, and what it shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageRef {
    /// The content-addressed name under `/media/`.
    pub key: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

impl ImageRef {
    pub fn url(&self) -> String {
        format!("/media/{}", self.key)
    }
}
