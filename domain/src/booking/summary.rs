//! A consultation as pages show it, to maker and buyer alike.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationSummary {
    pub id: i64,
    pub name: String,
    pub minutes: u16,
    /// `video-call`, `studio-visit`, `phone`.
    pub format: String,
    pub description: String,
    /// `£40.00`; `None` when free.
    pub price: Option<String>,
    pub needs_approval: bool,
}

/// A format's name in words.
pub fn format_label(slug: &str) -> &'static str {
    super::forms::FORMATS
        .iter()
        .find(|(format, _)| *format == slug)
        .map_or("Consultation", |(_, label)| label)
}

/// `45 minutes`, `1 hour`, `1 h 30 min`.
pub fn length_label(minutes: u16) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} minutes"),
        (1, 0) => "1 hour".to_owned(),
        (h, 0) => format!("{h} hours"),
        (h, m) => format!("{h} h {m} min"),
    }
}

impl ConsultationSummary {
    pub fn of(consultation: &super::Consultation) -> Self {
        let offer = &consultation.offer;
        ConsultationSummary {
            id: consultation.id.0,
            name: offer.name.clone(),
            minutes: offer.minutes,
            format: offer.format.slug().to_owned(),
            description: offer.description.clone(),
            price: offer.price.map(|price| price.to_string()),
            needs_approval: offer.needs_approval,
        }
    }

    /// `45 minutes · Video call · Free · the maker confirms each request`.
    pub fn facts(&self) -> String {
        format!(
            "{} · {} · {}{}",
            length_label(self.minutes),
            format_label(&self.format),
            self.price.as_deref().unwrap_or("Free"),
            if self.needs_approval {
                " · the maker confirms each request"
            } else {
                " · confirmed at once"
            }
        )
    }
}
