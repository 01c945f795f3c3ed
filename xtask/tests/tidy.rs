//! Tidy checks, run by `cargo test`: the shape rules of ARCHITECTURE.md that the compiler
//! cannot enforce on its own.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn sources(dirs: &[&str]) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for d in dirs {
        rust_files(&root().join(d), &mut files);
    }
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap().display().to_string()
}

#[test]
fn every_module_says_what_it_is_for() {
    let missing: Vec<String> = sources(&["core/src", "src", "cli/src", "xtask/src"])
        .into_iter()
        .filter(|(_, t)| !t.trim_start().starts_with("//!"))
        .map(|(p, _)| rel(&p))
        .collect();
    assert!(missing.is_empty(), "files without a //! comment: {missing:#?}");
}

#[test]
fn core_never_touches_the_browser() {
    let manifest = std::fs::read_to_string(root().join("core/Cargo.toml")).unwrap();
    for dep in ["leptos", "web-sys", "js-sys", "gloo", "wasm-bindgen", "idb"] {
        assert!(
            !manifest.lines().any(|l| l.trim_start().starts_with(dep)),
            "core/Cargo.toml depends on {dep}"
        );
    }
}

/// Whether `line` names the crate `krate` at the start of a path (not `platform::idb::…`).
fn uses_crate(line: &str, krate: &str) -> bool {
    line.match_indices(krate).any(|(i, _)| {
        !line[..i].ends_with("::") && !line[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_')
    })
}

#[test]
fn only_the_platform_layer_touches_the_browser() {
    let offenders: Vec<String> = sources(&["src"])
        .into_iter()
        .filter(|(p, _)| !p.starts_with(root().join("src/platform")))
        .filter(|(_, t)| {
            t.lines().filter(|l| !l.trim_start().starts_with("//")).any(|l| {
                ["web_sys", "js_sys", "gloo_", "idb::", "wasm_bindgen"].iter().any(|w| uses_crate(l, w))
            })
        })
        .map(|(p, _)| rel(&p))
        .collect();
    assert!(offenders.is_empty(), "browser APIs used outside src/platform: {offenders:#?}");
}

#[test]
fn nothing_talks_to_the_network() {
    let offenders: Vec<String> = sources(&["src", "core/src"])
        .into_iter()
        .chain(["public/boot.js", "public/sw.js", "public/worker_loader.js", "index.html"].iter().map(|f| {
            let p = root().join(f);
            let t = std::fs::read_to_string(&p).unwrap();
            (p, t)
        }))
        .filter(|(_, t)| {
            ["XMLHttpRequest", "WebSocket", "sendBeacon", "EventSource", "gloo_net", "reqwest"]
                .iter()
                .any(|w| t.contains(w))
        })
        .map(|(p, _)| rel(&p))
        .collect();
    assert!(offenders.is_empty(), "network APIs in: {offenders:#?}");
    let app = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    assert!(!app.contains("gloo-net") && !app.contains("reqwest"));
}
