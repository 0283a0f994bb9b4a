//! The services' features import only the features below them (and the domain,
//! which is below them all), by the same rule as the domain's.

#[path = "../../domain/tests/layering/mod.rs"]
mod layering;

/// Bottom first: the domain's features (bound at the crate root), then the
/// services' own.
const LAYERS: [&str; 18] = [
    "error",
    "shared",
    "makers",
    "pieces",
    "payments",
    "provenance",
    "store",
    "links",
    "media_pass",
    "till",
    "passports",
    "accounts",
    "threads",
    "studio",
    "booking",
    "orders",
    "commissions",
    "operator",
];

#[test]
fn features_import_only_the_features_below_them() {
    layering::assert_layered(env!("CARGO_MANIFEST_DIR"), &LAYERS);
}
