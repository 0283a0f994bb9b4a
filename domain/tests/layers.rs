//! The domain's features import only the features below them: a cycle can't be
//! written, and a feature can be read (and tested) with only what is under it.

mod layering;

/// Bottom first.
const LAYERS: [&str; 17] = [
    "shared",
    "accounts",
    "makers",
    "materials",
    "provenance",
    "pieces",
    "catalogue",
    "search",
    "home",
    "booking",
    "payments",
    "orders",
    "commissions",
    "threads",
    "studio",
    "operator",
    "store",
];

#[test]
fn features_import_only_the_features_below_them() {
    layering::assert_layered(env!("CARGO_MANIFEST_DIR"), &LAYERS);
}

#[test]
fn a_feature_using_one_above_it_is_found() {
    let dir = std::env::temp_dir().join(format!("layers-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("src")).expect("temporary crate");
    std::fs::write(
        dir.join("src/lib.rs"),
        "pub mod low;\npub mod high;\nmod stray;\n",
    )
    .expect("lib.rs");
    std::fs::write(
        dir.join("src/low.rs"),
        "use crate::high::Thing; // crate::x\n",
    )
    .expect("low.rs");
    std::fs::write(dir.join("src/high.rs"), "use crate::low::Other;\n").expect("high.rs");
    let broken = layering::violations(dir.to_str().expect("UTF-8 path"), &["low", "high"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        broken,
        vec![
            "lib.rs: stray is in no layer".to_owned(),
            "low.rs:1: low uses high, which is above it".to_owned(),
        ]
    );
}
