//! An uploaded photo, or a picture of a document: whatever the bytes are, the
//! pipeline answers with files or a reason, never a panic; and every file it
//! makes is within the sizes the encoders and pages take.
#![no_main]

use libfuzzer_sys::fuzz_target;
use touchstone_server::images;

fuzz_target!(|data: &[u8]| {
    if let Ok(files) = images::ingest(data, images::Visibility::Public) {
        assert!(!files.is_empty(), "a photo is stored as at least one file");
        for file in &files {
            assert!(file.width <= images::MAX_WIDTH, "{}", file.key);
            assert!(file.width > 0 && file.height > 0, "{}", file.key);
        }
    }
    let _ = images::scrub_document_picture(data);
});
