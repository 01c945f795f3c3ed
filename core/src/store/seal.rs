//! Passphrase protection for files that leave the browser: full backups and agent packets.
//!
//! A sealed file is a small header followed by the ciphertext:
//!
//! ```text
//! "KEFUSEAL" | version u8 | m_kib u32 | t u32 | p u32 | salt [16] | nonce [24] | ciphertext+tag
//! ```
//!
//! The key is derived from the passphrase with Argon2id (memory-hard; parameters stored in the
//! header so they can be raised later without breaking old files) and the content is encrypted
//! with XChaCha20-Poly1305. The whole header is authenticated as associated data, so a flipped
//! byte anywhere — header, salt, nonce, ciphertext or tag — is refused, exactly like a wrong
//! passphrase (the two cannot be told apart, and the message says so).
//!
//! The core has no source of randomness in the browser: the caller passes 40 random bytes
//! (salt and nonce) from the platform's `crypto.getRandomValues`. Opening a file never
//! allocates more than [`KdfParams::MAX_M_KIB`] for the key derivation, whatever the header
//! claims.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::lang::Localize;

/// The first bytes of every sealed file.
pub const SEAL_MAGIC: &[u8; 8] = b"KEFUSEAL";
/// The format version this build writes and reads.
pub const SEAL_VERSION: u8 = 1;
/// Random bytes the caller supplies for one seal: 16 for the salt, 24 for the nonce.
pub const SEAL_RANDOM_LEN: usize = SALT_LEN + NONCE_LEN;

const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
const HEADER_LEN: usize = SEAL_MAGIC.len() + 1 + 12 + SALT_LEN + NONCE_LEN;

/// Argon2id cost parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes over the memory.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl KdfParams {
    /// OWASP's recommended minimum for Argon2id (19 MiB, 2 passes, 1 lane): about a second in
    /// the browser's worker on an office laptop, expensive for anyone guessing passphrases.
    pub const DEFAULT: KdfParams = KdfParams { m_kib: 19 * 1024, t: 2, p: 1 };
    /// The most memory a file may ask for when it is opened (a hostile header cannot make the
    /// tab allocate gigabytes).
    pub const MAX_M_KIB: u32 = 256 * 1024;
    /// The most passes a file may ask for.
    pub const MAX_T: u32 = 16;
    /// The most lanes a file may ask for.
    pub const MAX_P: u32 = 8;

    fn argon2(self) -> Result<Argon2<'static>, String> {
        let params = Params::new(self.m_kib, self.t, self.p, Some(32)).map_err(|e| e.to_string())?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }

    fn within_limits(self) -> bool {
        self.m_kib <= Self::MAX_M_KIB
            && (1..=Self::MAX_T).contains(&self.t)
            && (1..=Self::MAX_P).contains(&self.p)
    }
}

impl Default for KdfParams {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Why a file could not be sealed or opened. Nothing is changed in either case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum SealError {
    #[error("the passphrase is empty")]
    EmptyPassphrase,
    #[error("{file} is not a protected file")]
    NotSealed { file: String },
    #[error("{file} was protected by a newer version (format {found})")]
    Newer { file: String, found: u8 },
    #[error("{file} is cut short")]
    Truncated { file: String },
    #[error("{file} asks for key-derivation costs outside the allowed range")]
    BadParams { file: String },
    #[error("wrong passphrase, or {file} was changed after it was protected")]
    WrongPassphraseOrTampered { file: String },
    #[error("key derivation failed: {detail}")]
    Kdf { detail: String },
}

impl Localize for SealError {
    fn localize(&self, lang: Lang) -> String {
        use SealError::*;
        match (self, lang) {
            (EmptyPassphrase, Lang::Zh) => "口令不能为空。请输入口令后再试。".into(),
            (EmptyPassphrase, Lang::En) => "The passphrase is empty. Enter one and try again.".into(),
            (NotSealed { file }, Lang::Zh) => format!("文件“{file}”不是加密保护的文件，无需口令。"),
            (NotSealed { file }, Lang::En) => {
                format!("“{file}” is not a protected file; it needs no passphrase.")
            }
            (Newer { file, found }, Lang::Zh) => format!(
                "文件“{file}”由更新版本的工作台加密（格式 {found}）。请刷新页面获取最新版本后再打开。工作区未改变。"
            ),
            (Newer { file, found }, Lang::En) => format!(
                "“{file}” was protected by a newer version of the workbench (format {found}). Reload the page to get it, then open the file again. The workspace is unchanged."
            ),
            (Truncated { file }, Lang::Zh) => {
                format!("文件“{file}”不完整，可能在复制或下载时被截断。请换一份文件。工作区未改变。")
            }
            (Truncated { file }, Lang::En) => format!(
                "“{file}” is incomplete; it may have been cut short while copying or downloading. Try another copy. The workspace is unchanged."
            ),
            (BadParams { file }, Lang::Zh) => {
                format!("文件“{file}”的加密参数异常，已拒绝打开。工作区未改变。")
            }
            (BadParams { file }, Lang::En) => format!(
                "“{file}” carries abnormal protection parameters and was refused. The workspace is unchanged."
            ),
            (WrongPassphraseOrTampered { file }, Lang::Zh) => format!(
                "无法打开“{file}”：口令不对，或文件在加密后被改动过（两者无法区分）。请核对口令；若口令无误，请向发送者要一份新文件。工作区未改变。"
            ),
            (WrongPassphraseOrTampered { file }, Lang::En) => format!(
                "Cannot open “{file}”: the passphrase is wrong, or the file was changed after it was protected (the two cannot be told apart). Check the passphrase; if it is right, ask the sender for a new copy. The workspace is unchanged."
            ),
            (Kdf { detail }, Lang::Zh) => format!("生成密钥失败（{detail}）。"),
            (Kdf { detail }, Lang::En) => format!("Deriving the key failed ({detail})."),
        }
    }
}

/// Does `bytes` start like a sealed file? (Cheap: looks at the magic only.)
pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(SEAL_MAGIC)
}

/// Encrypts `plain` under `passphrase`. `random` must come from a cryptographic source and be
/// fresh for every call (it is the salt and the nonce).
pub fn seal(
    plain: &[u8],
    passphrase: &str,
    random: &[u8; SEAL_RANDOM_LEN],
    params: KdfParams,
) -> Result<Vec<u8>, SealError> {
    if passphrase.is_empty() {
        return Err(SealError::EmptyPassphrase);
    }
    let (salt, nonce) = random.split_at(SALT_LEN);
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(SEAL_MAGIC);
    header.push(SEAL_VERSION);
    for v in [params.m_kib, params.t, params.p] {
        header.extend_from_slice(&v.to_le_bytes());
    }
    header.extend_from_slice(salt);
    header.extend_from_slice(nonce);
    let key = derive(passphrase, salt, params)?;
    let cipher = XChaCha20Poly1305::new(&key);
    let body = cipher
        .encrypt(XNonce::from_slice(nonce), Payload { msg: plain, aad: &header })
        .map_err(|_| SealError::Kdf { detail: "encryption failed".into() })?;
    let mut out = header;
    out.extend_from_slice(&body);
    Ok(out)
}

/// Decrypts a sealed file. `file` names it in the error messages.
pub fn open(sealed: &[u8], passphrase: &str, file: &str) -> Result<Vec<u8>, SealError> {
    let file = file.to_string();
    if !is_sealed(sealed) {
        return Err(SealError::NotSealed { file });
    }
    if sealed.len() < SEAL_MAGIC.len() + 1 {
        return Err(SealError::Truncated { file });
    }
    let version = sealed[SEAL_MAGIC.len()];
    if version > SEAL_VERSION {
        return Err(SealError::Newer { file, found: version });
    }
    if version == 0 {
        return Err(SealError::BadParams { file });
    }
    if sealed.len() < HEADER_LEN + TAG_LEN {
        return Err(SealError::Truncated { file });
    }
    if passphrase.is_empty() {
        return Err(SealError::EmptyPassphrase);
    }
    let (header, body) = sealed.split_at(HEADER_LEN);
    let word = |i: usize| {
        let at = SEAL_MAGIC.len() + 1 + 4 * i;
        u32::from_le_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let params = KdfParams { m_kib: word(0), t: word(1), p: word(2) };
    if !params.within_limits() {
        return Err(SealError::BadParams { file });
    }
    let salt = &header[HEADER_LEN - NONCE_LEN - SALT_LEN..HEADER_LEN - NONCE_LEN];
    let nonce = &header[HEADER_LEN - NONCE_LEN..];
    // Parameters Argon2 itself rejects (e.g. too little memory for the lanes) read as damage.
    let key = derive(passphrase, salt, params).map_err(|_| SealError::BadParams { file: file.clone() })?;
    XChaCha20Poly1305::new(&key)
        .decrypt(XNonce::from_slice(nonce), Payload { msg: body, aad: header })
        .map_err(|_| SealError::WrongPassphraseOrTampered { file })
}

fn derive(passphrase: &str, salt: &[u8], params: KdfParams) -> Result<Key, SealError> {
    let argon = params.argon2().map_err(|detail| SealError::Kdf { detail })?;
    let mut key = Key::default();
    argon
        .hash_password_into(passphrase.as_bytes(), salt, &mut key)
        .map_err(|e| SealError::Kdf { detail: e.to_string() })?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Cheap parameters so the tests stay fast; the format is the same.
    const FAST: KdfParams = KdfParams { m_kib: 64, t: 1, p: 1 };

    fn random(seed: u8) -> [u8; SEAL_RANDOM_LEN] {
        std::array::from_fn(|i| seed.wrapping_mul(31).wrapping_add(i as u8))
    }

    #[test]
    fn round_trip_with_the_default_cost() {
        let plain = "备份内容 backup body".as_bytes();
        let sealed = seal(plain, "正确的口令", &random(1), KdfParams::DEFAULT).unwrap();
        assert!(is_sealed(&sealed));
        assert_eq!(sealed.len(), HEADER_LEN + plain.len() + TAG_LEN);
        assert_eq!(open(&sealed, "正确的口令", "a.zip").unwrap(), plain);
    }

    #[test]
    fn the_ciphertext_does_not_contain_the_plaintext() {
        let plain = b"13812345678 13812345678 13812345678";
        let sealed = seal(plain, "pw", &random(2), FAST).unwrap();
        assert!(!sealed.windows(11).any(|w| w == b"13812345678"));
    }

    #[test]
    fn wrong_passphrase_is_refused_with_a_clear_message() {
        let sealed = seal(b"x", "right", &random(3), FAST).unwrap();
        let err = open(&sealed, "wrong", "a.kefu").unwrap_err();
        assert_eq!(err, SealError::WrongPassphraseOrTampered { file: "a.kefu".into() });
        assert!(err.localize(Lang::Zh).contains("口令不对"));
        assert!(err.localize(Lang::Zh).contains("a.kefu"));
    }

    #[test]
    fn every_flipped_byte_is_refused() {
        let sealed = seal("三十个字节左右的内容".as_bytes(), "pw", &random(4), FAST).unwrap();
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 0x01;
            let res = open(&bad, "pw", "f");
            assert!(res.is_err(), "flipping byte {i} went unnoticed");
        }
    }

    #[test]
    fn truncated_and_foreign_files_are_named() {
        let sealed = seal(b"hello", "pw", &random(5), FAST).unwrap();
        for len in [0, 4, 8, 9, 20, HEADER_LEN, HEADER_LEN + TAG_LEN - 1] {
            let err = open(&sealed[..len], "pw", "f").unwrap_err();
            assert!(
                matches!(err, SealError::Truncated { .. } | SealError::NotSealed { .. }),
                "{len}: {err:?}"
            );
        }
        assert_eq!(open(&sealed[..sealed.len() - 1], "pw", "f").unwrap_err(), {
            SealError::WrongPassphraseOrTampered { file: "f".into() }
        });
        assert_eq!(open(b"PK\x03\x04", "pw", "f").unwrap_err(), SealError::NotSealed { file: "f".into() });
    }

    #[test]
    fn hostile_cost_parameters_are_refused_before_any_work() {
        let mut sealed = seal(b"hello", "pw", &random(6), FAST).unwrap();
        // Ask for 4 GiB of memory.
        sealed[9..13].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(open(&sealed, "pw", "f").unwrap_err(), SealError::BadParams { file: "f".into() });
        let mut newer = seal(b"hello", "pw", &random(6), FAST).unwrap();
        newer[8] = SEAL_VERSION + 1;
        assert_eq!(open(&newer, "pw", "f").unwrap_err(), SealError::Newer { file: "f".into(), found: 2 });
    }

    #[test]
    fn empty_passphrase_is_refused() {
        assert_eq!(seal(b"x", "", &random(7), FAST).unwrap_err(), SealError::EmptyPassphrase);
    }

    #[test]
    fn fresh_randomness_gives_different_files() {
        let a = seal(b"same", "pw", &random(8), FAST).unwrap();
        let b = seal(b"same", "pw", &random(9), FAST).unwrap();
        assert_ne!(a, b);
        assert_eq!(seal(b"same", "pw", &random(8), FAST).unwrap(), a, "deterministic for given randomness");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        #[test]
        fn any_content_round_trips(plain in proptest::collection::vec(any::<u8>(), 0..2000),
                                   pw in "\\PC{1,20}", seed in any::<u8>()) {
            let sealed = seal(&plain, &pw, &random(seed), FAST).unwrap();
            prop_assert_eq!(open(&sealed, &pw, "f").unwrap(), plain);
        }
    }
}
