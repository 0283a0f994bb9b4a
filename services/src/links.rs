//! Links that carry their own authority: `{field}.{field}….{key id}.{signature}`,
//! the signature (by one of the link keys) covering a kind of link and every
//! field, so none can be changed. The booking desk's emails and a guest's order
//! are opened by them.

/// Signs links and checks them. Links have keys of their own, never the
/// passport key: a passport key stays trusted for old passports after it is
/// retired, while a link key that leaked must stop opening bookings and orders
/// the moment it is rotated out. The server provides it.
pub trait LinkKeys: Send + Sync {
    /// The id of the key that signs.
    fn key_id(&self) -> &str;
    /// The signature, in lower-case hex.
    fn sign(&self, payload: &[u8]) -> String;
    /// Whether one of the current keys made this signature.
    fn verify(&self, key_id: &str, payload: &[u8], signature: &str) -> bool;
}

/// The longest token read: every link Touchstone signs is far shorter.
const MAX_TOKEN: usize = 300;

fn payload(kind: &str, fields: &[&str]) -> String {
    let mut payload = kind.to_owned();
    for field in fields {
        payload.push(':');
        payload.push_str(field);
    }
    payload
}

/// A token of `kind` over `fields` (which hold neither `.` nor `:`).
pub fn sign(keys: &dyn LinkKeys, kind: &str, fields: &[&str]) -> String {
    let signature = keys.sign(payload(kind, fields).as_bytes());
    format!("{}.{}.{signature}", fields.join("."), keys.key_id())
}

/// The `COUNT` fields of `token` when a current key signed exactly them as a
/// link of `kind`. The signature covers the fields as spelled and is read only
/// in the lower-case hex it is written in, so a link has one spelling: a used
/// one can't come back as `05`, `+5` or upper case to look new.
pub fn verified<'t, const COUNT: usize>(
    keys: &dyn LinkKeys,
    kind: &str,
    token: &'t str,
) -> Option<[&'t str; COUNT]> {
    let token = token.trim();
    if token.len() > MAX_TOKEN {
        return None;
    }
    let parts: Vec<&str> = token.split('.').collect();
    let (signature, rest) = parts.split_last()?;
    let (key_id, fields) = rest.split_last()?;
    let fields: [&str; COUNT] = fields.try_into().ok()?;
    let canonical = signature.len() == 64
        && signature
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    (canonical && keys.verify(key_id, payload(kind, &fields).as_bytes(), signature))
        .then_some(fields)
}
