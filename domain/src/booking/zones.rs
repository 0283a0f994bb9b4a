//! IANA time zones as people choose them: the list a select offers, and a
//! sensible first guess for a maker from their country.

/// The zones a person may choose, by name (`Europe/London`), sorted; the
/// system's database without its aliases for old software (`posix/…`, `Etc/…`).
pub fn choosable_zones() -> Vec<String> {
    let mut zones: Vec<String> = jiff::tz::db()
        .available()
        .map(|name| name.as_str().to_owned())
        .filter(|name| {
            let region = name.split('/').next().unwrap_or_default();
            name.contains('/')
                && matches!(
                    region,
                    "Africa"
                        | "America"
                        | "Antarctica"
                        | "Asia"
                        | "Atlantic"
                        | "Australia"
                        | "Europe"
                        | "Indian"
                        | "Pacific"
                )
        })
        .collect();
    zones.push("UTC".into());
    zones.sort();
    zones.dedup();
    zones
}

/// Whether `name` is a zone this server knows.
pub fn is_zone(name: &str) -> bool {
    !name.is_empty() && name.len() <= 64 && jiff::tz::TimeZone::get(name).is_ok()
}

/// The zone most people in the country keep; UTC where none is known.
pub fn zone_of_country(country: crate::shared::Country) -> &'static str {
    match country.code() {
        "GB" => "Europe/London",
        "IE" => "Europe/Dublin",
        "PT" => "Europe/Lisbon",
        "ES" => "Europe/Madrid",
        "FR" => "Europe/Paris",
        "BE" => "Europe/Brussels",
        "NL" => "Europe/Amsterdam",
        "DE" => "Europe/Berlin",
        "DK" => "Europe/Copenhagen",
        "SE" => "Europe/Stockholm",
        "NO" => "Europe/Oslo",
        "FI" => "Europe/Helsinki",
        "IT" => "Europe/Rome",
        "CH" => "Europe/Zurich",
        "AT" => "Europe/Vienna",
        "PL" => "Europe/Warsaw",
        "CZ" => "Europe/Prague",
        "GR" => "Europe/Athens",
        "IS" => "Atlantic/Reykjavik",
        "JP" => "Asia/Tokyo",
        "KR" => "Asia/Seoul",
        "IN" => "Asia/Kolkata",
        "TH" => "Asia/Bangkok",
        "SG" => "Asia/Singapore",
        "NZ" => "Pacific/Auckland",
        "ZA" => "Africa/Johannesburg",
        "KE" => "Africa/Nairobi",
        "NG" => "Africa/Lagos",
        "MX" => "America/Mexico_City",
        "CO" => "America/Bogota",
        "PE" => "America/Lima",
        "AR" => "America/Argentina/Buenos_Aires",
        "CL" => "America/Santiago",
        "SI" => "Europe/Ljubljana",
        "LK" => "Asia/Colombo",
        "MZ" => "Africa/Maputo",
        "BW" => "Africa/Gaborone",
        // Countries with several zones: the most populous one, a first guess
        // the maker corrects.
        "US" => "America/New_York",
        "CA" => "America/Toronto",
        "BR" => "America/Sao_Paulo",
        "AU" => "Australia/Sydney",
        _ => "UTC",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_holds_real_zones_and_no_aliases() {
        let zones = choosable_zones();
        for zone in [
            "Europe/London",
            "America/New_York",
            "Australia/Lord_Howe",
            "UTC",
        ] {
            assert!(zones.iter().any(|z| z == zone), "{zone}");
        }
        assert!(
            !zones
                .iter()
                .any(|z| z.starts_with("posix/") || z.starts_with("Etc/"))
        );
        assert!(
            zones.iter().all(|z| is_zone(z)),
            "every listed zone resolves"
        );
        assert!(!is_zone("Mars/Olympus"));
        assert!(!is_zone("../../etc/passwd"));
    }

    #[test]
    fn a_countrys_zone_is_a_real_one() {
        for code in ["GB", "SE", "JP", "AR", "US"] {
            let country = crate::shared::Country::parse(code).unwrap();
            assert!(is_zone(zone_of_country(country)), "{code}");
        }
    }
}
