//! A maker's piece form with its provenance disclosure, as posted: whatever it
//! says, reading it never panics; a piece it accepts reads the same from the form
//! shown again; and the compliance check and completeness meter take any
//! disclosure it accepts.
#![no_main]

use domain::studio::PieceForm;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(form) = serde_qs::from_bytes::<PieceForm>(data) else {
        return;
    };
    let Ok(piece) = form.parse() else {
        return;
    };
    assert_eq!(
        PieceForm::of(&piece).parse().as_ref(),
        Ok(&piece),
        "the form shows what was saved"
    );
    let text = domain::provenance::ListingText {
        title: &piece.title,
        description: &piece.description,
    };
    let _ = domain::provenance::check(&piece.disclosure, &text);
    let _ = domain::provenance::completeness(&piece.disclosure);
});
