//! Installs what is missing, and nothing that is present. Every tool comes from the Rust
//! toolchain server, crates.io, npm or Debian; Trunk is then told (Trunk.toml) to use these
//! copies instead of downloading its own.

use std::path::Path;

use crate::util::{Step, cmd, repo_root};

/// Trunk 0.22 needs a newer rustc than this machine kind has; see ../shared/toolchain.md.
const TRUNK_VERSION: &str = "0.21.14";

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    /// Native tests only.
    Native,
    /// Build and serve the site.
    Serve,
    /// Everything, including the browser for end-to-end tests.
    Test,
}

pub fn setup(need: Need) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    if need >= Need::Serve {
        steps.push(Step::timed("wasm32 target", wasm_target)?);
        steps.push(Step::timed("wasm-bindgen-cli", wasm_bindgen_cli)?);
        steps.push(Step::timed("trunk", trunk)?);
        steps.push(Step::timed("npm tools (wasm-opt, playwright-core)", npm_tools)?);
    }
    if need >= Need::Test {
        steps.push(Step::timed("chromium, chromedriver, CJK fonts", debian_packages)?);
        steps.push(Step::timed("pandas (KPI oracle)", pandas)?);
    }
    steps.push(Step::timed("cargo fetch", || cmd("cargo", &["fetch", "--quiet"]).run())?);
    Ok(steps)
}

fn wasm_target() -> Result<(), String> {
    let installed = cmd("rustup", &["target", "list", "--installed"]).output().unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        println!("present");
        return Ok(());
    }
    cmd("rustup", &["target", "add", "wasm32-unknown-unknown"]).run()
}

/// The wasm-bindgen version Cargo.lock pins.
fn locked_wasm_bindgen() -> Result<String, String> {
    let lock =
        std::fs::read_to_string(repo_root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == "name = \"wasm-bindgen\""
            && let Some(v) = lines.next().and_then(|v| v.trim().strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_owned());
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

fn wasm_bindgen_cli() -> Result<(), String> {
    let want = locked_wasm_bindgen()?;
    let have = cmd("wasm-bindgen", &["--version"]).path_tools().output().unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(want.as_str()) {
        println!("present ({want})");
        return Ok(());
    }
    // Without --locked: its lock file wants a crate version this registry lacks.
    cmd("cargo", &["install", "wasm-bindgen-cli", "--version", &want]).run()
}

fn trunk() -> Result<(), String> {
    let have = cmd("trunk", &["--version"]).path_tools().output().unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(TRUNK_VERSION) {
        println!("present ({TRUNK_VERSION})");
        return Ok(());
    }
    cmd("cargo", &["install", "trunk", "--version", TRUNK_VERSION, "--locked"]).run()
}

fn npm_tools() -> Result<(), String> {
    let root = repo_root();
    let stamp = root.join("node_modules/.package-lock.json");
    let fresh = modified(&stamp).zip(modified(&root.join("package-lock.json"))).is_some_and(|(a, b)| a >= b);
    if fresh && root.join("node_modules/.bin/wasm-opt").exists() {
        println!("present");
        return Ok(());
    }
    cmd("npm", &["ci", "--no-audit", "--no-fund", "--loglevel=error"]).run()
}

fn modified(p: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

/// pandas for the independent KPI oracle (tests/oracle/kpi_oracle.py), from PyPI.
fn pandas() -> Result<(), String> {
    if cmd("python3", &["-c", "import pandas"]).output().is_some() {
        println!("present");
        return Ok(());
    }
    cmd("python3", &["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "pandas"]).run()
}

fn debian_packages() -> Result<(), String> {
    let fonts = cmd("fc-list", &[":lang=zh", "family"]).output().unwrap_or_default();
    let missing: Vec<&str> = [
        ("chromium", Path::new("/usr/bin/chromium").exists()),
        ("chromium-driver", Path::new("/usr/bin/chromedriver").exists()),
        ("fonts-noto-cjk", !fonts.trim().is_empty()),
    ]
    .into_iter()
    .filter(|(_, ok)| !ok)
    .map(|(p, _)| p)
    .collect();
    if missing.is_empty() {
        println!("present");
        return Ok(());
    }
    let root = cmd("id", &["-u"]).output().is_some_and(|u| u.trim() == "0");
    let (prog, pre): (&str, Vec<&str>) = if root { ("apt-get", vec![]) } else { ("sudo", vec!["apt-get"]) };
    let with = |args: &[&str]| -> Vec<String> { pre.iter().chain(args).map(|s| s.to_string()).collect() };
    let update = with(&["update", "-q"]);
    cmd(prog, &update.iter().map(String::as_str).collect::<Vec<_>>())
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()?;
    let mut install = with(&["install", "-y", "-q", "--no-install-recommends"]);
    install.extend(missing.iter().map(|s| s.to_string()));
    cmd(prog, &install.iter().map(String::as_str).collect::<Vec<_>>())
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()
}
