//! The layering rule, shared by the domain's and the services' tests: a feature
//! (a top-level module) uses `crate::<feature>` paths only of the features listed
//! before it, so no two features can import each other.

use std::path::{Path, PathBuf};

/// Fails, naming each place, when `src` of the crate at `manifest_dir` breaks the
/// order of `layers` (bottom first).
pub fn assert_layered(manifest_dir: &str, layers: &[&str]) {
    let broken = violations(manifest_dir, layers);
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// Every place in `src` (of the crate at `manifest_dir`) where a feature uses one
/// above it in `layers` (bottom first), and every top-level module of `lib.rs`
/// missing from `layers`.
pub fn violations(manifest_dir: &str, layers: &[&str]) -> Vec<String> {
    let position = |feature: &str| layers.iter().position(|layer| *layer == feature);
    let root = Path::new(manifest_dir).join("src");
    let mut broken = Vec::new();
    let lib = std::fs::read_to_string(root.join("lib.rs")).expect("lib.rs");
    for line in lib.lines() {
        let declared = line
            .strip_prefix("pub mod ")
            .or_else(|| line.strip_prefix("mod "));
        if let Some(module) = declared.map(|module| module.trim_end_matches(';'))
            && position(module).is_none()
        {
            broken.push(format!("lib.rs: {module} is in no layer"));
        }
    }
    for file in rust_files(&root) {
        let relative = file.strip_prefix(&root).expect("under src");
        let Some(feature) = feature_of(relative) else {
            continue;
        };
        let Some(layer) = position(&feature) else {
            broken.push(format!("{}: {feature} is in no layer", relative.display()));
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("readable source");
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            let at = format!("{}:{}", relative.display(), number + 1);
            if code.contains("crate::{") {
                broken.push(format!("{at}: name each feature's path on its own"));
            }
            for used in code.split("crate::").skip(1) {
                let target: String = used
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if position(&target).is_some_and(|target_layer| target_layer > layer) {
                    broken.push(format!("{at}: {feature} uses {target}, which is above it"));
                }
            }
        }
    }
    broken
}

/// `booking/desk.rs` → `booking`, `pieces.rs` → `pieces`; `lib.rs` → none.
fn feature_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let feature = first.trim_end_matches(".rs");
    (feature != "lib").then(|| feature.to_owned())
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}
