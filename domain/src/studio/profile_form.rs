//! The maker profile as a form: what the studio pages post, and its parsing into
//! the profile a maker may set (never the owner, the role or the publishing date).

use crate::makers::{CommissionTerms, Location, MakerEdit, Technique};
use crate::shared::{Country, Currency, Money, Slug};
use serde::{Deserialize, Serialize};

pub const MAX_NAME_CHARS: usize = 80;
pub const MAX_TAGLINE_CHARS: usize = 140;
pub const MAX_STORY_CHARS: usize = 8_000;
pub const MAX_LINE_CHARS: usize = 200;

/// The profile form as posted: text as typed, parsed by [`ProfileForm::parse`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    pub display_name: String,
    pub slug: String,
    pub tagline: String,
    pub story: String,
    pub studio: String,
    pub making_policy: String,
    pub country: String,
    pub region: String,
    pub city: String,
    pub techniques: Vec<String>,
    /// `"open"` when the maker takes commissions.
    pub commissions: String,
    pub lead_time_weeks: String,
    pub currency: String,
    pub price_from: String,
    pub price_to: String,
}

/// Collects every problem with a form, so a person fixes them in one go.
#[derive(Default)]
pub(crate) struct Problems(Vec<String>);

impl Problems {
    pub(crate) fn add(&mut self, problem: impl Into<String>) {
        self.0.push(problem.into());
    }

    /// Trimmed text of at most `max` characters; `required` refuses blank text.
    pub(crate) fn text(&mut self, label: &str, value: &str, max: usize, required: bool) -> String {
        let value = value.trim();
        if required && value.is_empty() {
            self.add(format!("{label} is required."));
        } else if value.chars().count() > max {
            self.add(format!("{label} can be at most {max} characters."));
        } else if value
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            self.add(format!("{label} contains characters that can't be shown."));
        }
        value.replace("\r\n", "\n")
    }

    /// An optional text: `None` when blank.
    pub(crate) fn optional(&mut self, label: &str, value: &str, max: usize) -> Option<String> {
        let value = self.text(label, value, max, false);
        (!value.is_empty()).then_some(value)
    }

    pub(crate) fn finish<T>(self, value: T) -> Result<T, String> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0.join(" "))
        }
    }
}

pub(crate) fn parse_country(problems: &mut Problems, label: &str, code: &str) -> Option<Country> {
    match Country::parse(code) {
        Ok(country) => Some(country),
        Err(_) => {
            problems.add(format!("{label}: please choose a country from the list."));
            None
        }
    }
}

pub(crate) fn parse_techniques(problems: &mut Problems, slugs: &[String]) -> Vec<Technique> {
    let mut techniques = Vec::new();
    for slug in slugs.iter().filter(|s| !s.trim().is_empty()) {
        match Technique::from_slug(slug.trim()) {
            Some(technique) if !techniques.contains(&technique) => techniques.push(technique),
            Some(_) => {}
            None => problems.add("Please choose techniques from the list."),
        }
    }
    techniques
}

fn parse_money(
    problems: &mut Problems,
    label: &str,
    text: &str,
    currency: Option<Currency>,
) -> Option<Money> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let currency = currency?;
    match Money::parse(text, currency) {
        Ok(money) => Some(money),
        Err(error) => {
            problems.add(format!("{label}: {error}"));
            None
        }
    }
}

pub(crate) fn parse_currency(
    problems: &mut Problems,
    code: &str,
    needed: bool,
) -> Option<Currency> {
    if code.trim().is_empty() && !needed {
        return None;
    }
    match Currency::parse(code) {
        Ok(currency) => Some(currency),
        Err(error) => {
            problems.add(error.to_string());
            None
        }
    }
}

impl ProfileForm {
    pub fn of(profile: &MakerEdit) -> Self {
        let terms = &profile.commissions;
        ProfileForm {
            display_name: profile.display_name.clone(),
            slug: profile.slug.as_str().to_owned(),
            tagline: profile.tagline.clone(),
            story: profile.story.clone(),
            studio: profile.studio.clone(),
            making_policy: profile.making_policy.clone(),
            country: profile.location.country.code().to_owned(),
            region: profile.location.region.clone().unwrap_or_default(),
            city: profile.location.city.clone().unwrap_or_default(),
            techniques: profile
                .techniques
                .iter()
                .map(|t| t.slug().to_owned())
                .collect(),
            commissions: if terms.open {
                "open".into()
            } else {
                String::new()
            },
            lead_time_weeks: terms
                .lead_time_weeks
                .map(|w| w.to_string())
                .unwrap_or_default(),
            currency: terms
                .price_from
                .or(terms.price_to)
                .map(|m| m.currency().code().to_owned())
                .unwrap_or_default(),
            price_from: terms.price_from.map(|m| m.decimal()).unwrap_or_default(),
            price_to: terms.price_to.map(|m| m.decimal()).unwrap_or_default(),
        }
    }

    pub fn parse(&self) -> Result<MakerEdit, String> {
        let mut problems = Problems::default();
        let display_name = problems.text("Studio name", &self.display_name, MAX_NAME_CHARS, true);
        let slug = match Slug::parse(self.slug.trim()) {
            Ok(slug) => Some(slug),
            Err(_) => {
                problems.add(
                    "Web address: use lowercase letters, digits and single hyphens \
                     (like maya-lindqvist), at most 80 characters.",
                );
                None
            }
        };
        let tagline = problems.text("Tagline", &self.tagline, MAX_TAGLINE_CHARS, false);
        let story = problems.text("Your story", &self.story, MAX_STORY_CHARS, false);
        let studio = problems.text("The studio", &self.studio, MAX_STORY_CHARS, false);
        let making_policy = problems.text(
            "Who designs and who makes",
            &self.making_policy,
            MAX_STORY_CHARS,
            false,
        );
        let country = parse_country(&mut problems, "Country", &self.country);
        let region = problems.optional("Region", &self.region, MAX_LINE_CHARS);
        let city = problems.optional("Town or city", &self.city, MAX_LINE_CHARS);
        let techniques = parse_techniques(&mut problems, &self.techniques);
        let lead_time_weeks = match self.lead_time_weeks.trim() {
            "" => None,
            weeks => match weeks.parse::<u16>() {
                Ok(weeks) if weeks <= 104 => Some(weeks),
                _ => {
                    problems.add("Lead time is a whole number of weeks, at most 104.");
                    None
                }
            },
        };
        let prices_given = !self.price_from.trim().is_empty() || !self.price_to.trim().is_empty();
        let currency = parse_currency(&mut problems, &self.currency, prices_given);
        let price_from = parse_money(&mut problems, "Prices from", &self.price_from, currency);
        let price_to = parse_money(&mut problems, "Prices up to", &self.price_to, currency);
        if let (Some(from), Some(to)) = (price_from, price_to)
            && from.minor() > to.minor()
        {
            problems.add("The lowest commission price must not be above the highest.");
        }
        let (Some(slug), Some(country)) = (slug, country) else {
            return Err(problems.finish(()).err().unwrap_or_default());
        };
        problems.finish(MakerEdit {
            slug,
            display_name,
            tagline,
            story,
            studio,
            making_policy,
            location: Location {
                country,
                region,
                city,
            },
            techniques,
            commissions: CommissionTerms {
                open: self.commissions == "open",
                lead_time_weeks,
                price_from,
                price_to,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ProfileForm {
        ProfileForm {
            display_name: "Maya Lindqvist".into(),
            slug: "maya-lindqvist".into(),
            tagline: "Forged silver rings".into(),
            story: "I forge.".into(),
            country: "se".into(),
            city: "Gothenburg".into(),
            techniques: vec!["forging".into(), "forging".into(), "".into()],
            commissions: "open".into(),
            lead_time_weeks: "6".into(),
            currency: "SEK".into(),
            price_from: "2,000".into(),
            price_to: "20000".into(),
            ..ProfileForm::default()
        }
    }

    #[test]
    fn a_profile_parses_and_reads_back_as_the_same_form() {
        let profile = form().parse().unwrap();
        assert_eq!(profile.location.short(), "Gothenburg, Sweden");
        assert_eq!(profile.techniques, vec![Technique::Forging]);
        assert_eq!(
            profile.commissions.price_range().unwrap(),
            "SEK 2,000–SEK 20,000"
        );
        assert_eq!(ProfileForm::of(&profile).parse().unwrap(), profile);
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let bad = ProfileForm {
            display_name: " ".into(),
            slug: "Not A Slug".into(),
            country: "XX".into(),
            techniques: vec!["glue".into()],
            lead_time_weeks: "-1".into(),
            currency: "".into(),
            price_from: "12".into(),
            ..ProfileForm::default()
        };
        let message = bad.parse().unwrap_err();
        for expected in [
            "Studio name is required.",
            "Web address",
            "Country",
            "techniques",
            "Lead time",
            "currency",
        ] {
            assert!(message.contains(expected), "{expected} in {message}");
        }
        let reversed = ProfileForm {
            price_from: "900".into(),
            price_to: "100".into(),
            ..form()
        };
        assert!(reversed.parse().unwrap_err().contains("not be above"));
        let control = ProfileForm {
            tagline: "bell\u{7}".into(),
            ..form()
        };
        assert!(control.parse().unwrap_err().contains("can't be shown"));
    }
}
