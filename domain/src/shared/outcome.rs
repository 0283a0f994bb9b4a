//! What a successful action leads to.

/// Where a successful post goes, and what that page should confirm.
#[derive(Clone, Debug)]
pub struct Next {
    pub path: String,
    /// The form on the next page that shows the notice.
    pub form: &'static str,
    pub notice: Option<String>,
}
