//! Small text helpers every part uses.

/// Lower-case hexadecimal, two digits a byte.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

/// The text with its first letter in upper case.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether text holds a control character other than a line break or a tab:
/// nothing a person types, and what some databases refuse to store (NUL).
pub fn has_control_characters(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

/// At most the first `max_chars` characters of the text.
pub fn first_chars(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

/// A form's text field as kept: trimmed, within `max` characters, no control
/// characters, and present when `required`; otherwise what to tell the person.
pub fn form_text(value: &str, label: &str, max: usize, required: bool) -> Result<String, String> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(format!("{label} is needed."));
    }
    if value.chars().count() > max {
        return Err(format!("{label} is too long: at most {max} characters."));
    }
    if has_control_characters(value) {
        return Err(format!("{label} contains characters that can't be kept."));
    }
    Ok(value.to_owned())
}

/// A value for a URL's query, encoded as a GET form would send it.
pub fn url_encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                encoded.push(char::from(byte))
            }
            b' ' => encoded.push('+'),
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    #[test]
    fn hex_and_capitals() {
        assert_eq!(super::hex(&[0, 15, 255]), "000fff");
        assert_eq!(super::capitalised("éclat ring"), "Éclat ring");
        assert_eq!(super::capitalised(""), "");
        assert_eq!(super::first_chars("éclat ring", 5), "éclat");
        assert_eq!(super::first_chars("ring", 5), "ring");
    }
}
