//! Small helpers: run commands with the repository's tools on PATH, time steps, measure sizes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits in the repository").to_path_buf()
}

pub struct Cmd {
    inner: Command,
    shown: String,
}

pub fn cmd(program: &str, args: &[&str]) -> Cmd {
    let mut inner = Command::new(program);
    inner.args(args).current_dir(repo_root());
    Cmd { inner, shown: format!("{program} {}", args.join(" ")) }
}

impl Cmd {
    /// Puts the npm tools (wasm-opt from binaryen) and cargo's bin dir first on PATH.
    pub fn path_tools(mut self) -> Cmd {
        let mut paths = vec![repo_root().join("node_modules/.bin")];
        if let Some(home) = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        {
            paths.push(home.join("bin"));
        }
        if let Some(p) = std::env::var_os("PATH") {
            paths.extend(std::env::split_paths(&p));
        }
        if let Ok(joined) = std::env::join_paths(paths) {
            self.inner.env("PATH", joined);
        }
        self.inner.env("TRUNK_SKIP_VERSION_CHECK", "true");
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Cmd {
        self.inner.env(k, v);
        self
    }

    /// Runs with inherited output; fails on a non-zero exit.
    pub fn run(mut self) -> Result<(), String> {
        println!("$ {}", self.shown);
        let _ = std::io::stdout().flush();
        let status = self.inner.status().map_err(|e| format!("cannot run `{}`: {e}", self.shown))?;
        if status.success() { Ok(()) } else { Err(format!("`{}` failed ({status})", self.shown)) }
    }

    /// Runs quietly and returns stdout, or `None` when the program is missing or fails.
    pub fn output(mut self) -> Option<String> {
        let out = self.inner.output().ok()?;
        out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

pub struct Step {
    pub name: &'static str,
    pub secs: f64,
}

impl Step {
    pub fn timed(name: &'static str, f: impl FnOnce() -> Result<(), String>) -> Result<Step, String> {
        println!("\n==> {name}");
        let t = Instant::now();
        f().map_err(|e| format!("{name}: {e}"))?;
        Ok(Step { name, secs: t.elapsed().as_secs_f64() })
    }
}

/// `(file, raw bytes, gzip bytes)` of every .wasm file in `dir`.
pub fn wasm_sizes(dir: &Path) -> Result<Vec<(String, u64, u64)>, String> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "wasm") {
            let bytes = std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            gz.write_all(&bytes).map_err(|e| e.to_string())?;
            let gz = gz.finish().map_err(|e| e.to_string())?;
            out.push((
                p.file_name().unwrap_or_default().to_string_lossy().into_owned(),
                bytes.len() as u64,
                gz.len() as u64,
            ));
        }
    }
    out.sort();
    Ok(out)
}

pub fn kib(n: u64) -> String {
    format!("{:.1} KiB", n as f64 / 1024.0)
}
