//! What a buyer tells the maker before they meet: the brief, as the booking
//! form posts it and as it is kept (JSON beside the booking).

use serde::{Deserialize, Serialize};

pub const OCCASIONS: [(&str, &str); 7] = [
    ("engagement", "Engagement"),
    ("wedding", "Wedding"),
    ("anniversary", "Anniversary"),
    ("birthday", "Birthday"),
    ("remodel", "Remaking an heirloom"),
    ("self", "For myself"),
    ("other", "Something else"),
];

pub const BUDGETS: [(&str, &str); 5] = [
    ("under-500", "Under 500"),
    ("500-1500", "500 to 1,500"),
    ("1500-5000", "1,500 to 5,000"),
    ("over-5000", "Over 5,000"),
    ("unsure", "Not sure yet"),
];

pub const MAX_BRIEF_LINE_CHARS: usize = 200;
pub const MAX_BRIEF_NOTES_CHARS: usize = 4_000;
/// Reference pictures a buyer can show the maker with one booking.
pub const MAX_REFERENCE_PICTURES: usize = 6;

/// The brief as typed; every field may be left blank but the notes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Brief {
    pub occasion: String,
    /// A band of `BUDGETS`, in the maker's currency.
    pub budget: String,
    pub metals: String,
    pub stones: String,
    pub ring_size: String,
    /// The buyer has stones or gold to re-use.
    pub reuse: bool,
    pub notes: String,
    /// Keys of the reference pictures, stored through the photo pipeline.
    pub pictures: Vec<crate::shared::ImageRef>,
}

fn label_of(options: &[(&str, &'static str)], slug: &str) -> Option<&'static str> {
    options.iter().find(|(s, _)| *s == slug).map(|(_, l)| *l)
}

impl Brief {
    /// The brief, tidied, or what is wrong in words.
    pub fn checked(mut self) -> Result<Brief, String> {
        if !self.occasion.is_empty() && label_of(&OCCASIONS, &self.occasion).is_none() {
            return Err("Please choose the occasion from the list.".into());
        }
        if !self.budget.is_empty() && label_of(&BUDGETS, &self.budget).is_none() {
            return Err("Please choose a budget from the list.".into());
        }
        for (what, text) in [
            ("metals", &mut self.metals),
            ("stones", &mut self.stones),
            ("ring size", &mut self.ring_size),
        ] {
            *text = text.trim().to_owned();
            if text.chars().count() > MAX_BRIEF_LINE_CHARS {
                return Err(format!(
                    "Please keep the {what} under {MAX_BRIEF_LINE_CHARS} characters."
                ));
            }
        }
        self.notes = self.notes.trim().to_owned();
        if self.notes.is_empty() {
            return Err("Please tell the maker a little about the piece you have in mind.".into());
        }
        if self.notes.chars().count() > MAX_BRIEF_NOTES_CHARS {
            return Err(format!(
                "Please keep what you tell the maker under {MAX_BRIEF_NOTES_CHARS} characters."
            ));
        }
        Ok(self)
    }

    /// The brief as lines for the maker: `("Occasion", "Engagement")`.
    pub fn lines(&self) -> Vec<(&'static str, String)> {
        let mut lines = Vec::new();
        if let Some(occasion) = label_of(&OCCASIONS, &self.occasion) {
            lines.push(("Occasion", occasion.to_owned()));
        }
        if let Some(budget) = label_of(&BUDGETS, &self.budget) {
            lines.push(("Budget", budget.to_owned()));
        }
        for (label, text) in [
            ("Metals", &self.metals),
            ("Stones", &self.stones),
            ("Ring size", &self.ring_size),
        ] {
            if !text.is_empty() {
                lines.push((label, text.clone()));
            }
        }
        if self.reuse {
            lines.push(("Materials", "Has stones or gold to re-use".to_owned()));
        }
        lines.push(("In their words", self.notes.clone()));
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brief() -> Brief {
        Brief {
            occasion: "engagement".into(),
            budget: "1500-5000".into(),
            metals: " 18k yellow gold ".into(),
            reuse: true,
            notes: "An oval sapphire, east-west.".into(),
            ..Brief::default()
        }
    }

    #[test]
    fn a_brief_is_tidied_and_read_back_in_words() {
        let brief = brief().checked().unwrap();
        assert_eq!(brief.metals, "18k yellow gold");
        let lines = brief.lines();
        assert_eq!(lines[0], ("Occasion", "Engagement".to_owned()));
        assert!(lines.contains(&("Materials", "Has stones or gold to re-use".to_owned())));
    }

    #[test]
    fn unknown_choices_and_long_or_missing_text_are_refused() {
        type Spoil = fn(&mut Brief);
        let cases: Vec<(Spoil, &str)> = vec![
            (|b| b.occasion = "coronation".into(), "occasion"),
            (|b| b.budget = "millions".into(), "budget"),
            (|b| b.stones = "x".repeat(201), "stones under 200"),
            (|b| b.notes = "   ".into(), "a little about the piece"),
            (|b| b.notes = "y".repeat(4_001), "under 4000"),
        ];
        for (spoil, expected) in cases {
            let mut brief = brief();
            spoil(&mut brief);
            let error = brief.checked().unwrap_err();
            assert!(error.contains(expected), "{expected}: {error}");
        }
    }
}
