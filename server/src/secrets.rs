//! Secrets kept in hex: parsed from settings, or read from a file in the data
//! directory that the first start makes (only its owner may read it).

use std::path::Path;

/// `N` bytes from `2 * N` hex digits (surrounding space ignored).
pub fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let text = text.trim();
    // Hex digits only: `from_str_radix` alone would take a sign (`+a`).
    if text.len() != N * 2 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut bytes = [0_u8; N];
    for (index, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[index * 2..index * 2 + 2], 16).ok()?;
    }
    Some(bytes)
}

/// What a secret file holds: its text as written, or, when it did not exist, the
/// hex of 32 fresh random bytes, now written to it.
pub fn read_or_create(path: &Path) -> std::io::Result<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            use rand_core::{OsRng, RngCore};
            let mut secret = [0_u8; 32];
            OsRng.fill_bytes(&mut secret);
            let text = app::shared::hex(&secret);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            write_private(path, &text)?;
            Ok(text)
        }
        Err(error) => Err(error),
    }
}

/// Writes a new file only its owner can read.
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(contents.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_read_exactly() {
        assert_eq!(unhex::<2>(" 0aff "), Some([0x0a, 0xff]));
        for bad in ["0af", "0aff00", "zzzz", "+a00", "éé"] {
            assert_eq!(unhex::<2>(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_missing_secret_file_is_created_private_and_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("a.key");
        let first = read_or_create(&path).unwrap();
        assert_eq!(unhex::<32>(&first).map(|_| ()), Some(()));
        assert_eq!(read_or_create(&path).unwrap(), first);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "only the owner may read the key");
        }
    }
}
