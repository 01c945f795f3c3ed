//! IndexedDB access for the worker: open the workspace database, read records, and apply a
//! batch of writes in ONE transaction (all or nothing).
//!
//! Records are stored as `Uint8Array` values under string keys. What the records mean is the
//! core's business (`kefu_core::store`); this file only moves bytes.

use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use js_sys::Uint8Array;
use kefu_core::jobs::JobError;
use kefu_core::store::{DB_NAME, DB_VERSION, STORE_DATASETS, STORE_META, STORE_QUARANTINE};
use wasm_bindgen::{JsCast, JsValue};

/// One write of a batch.
pub enum Op {
    Put {
        store: &'static str,
        key: String,
        bytes: Vec<u8>,
    },
    Delete {
        store: &'static str,
        key: String,
    },
    Clear {
        store: &'static str,
    },
    /// Move a record, whatever it holds, to another store under a new key.
    Move {
        from: &'static str,
        key: String,
        to: &'static str,
        to_key: String,
    },
}

impl Op {
    fn stores(&self) -> Vec<&'static str> {
        match self {
            Op::Put { store, .. } | Op::Delete { store, .. } | Op::Clear { store } => vec![store],
            Op::Move { from, to, .. } => vec![from, to],
        }
    }
}

pub struct Db {
    db: Database,
}

fn browser(e: impl std::fmt::Display) -> JobError {
    let text = e.to_string();
    if text.contains("QuotaExceeded") { JobError::StorageFull } else { JobError::Browser(text) }
}

fn key(k: &str) -> JsValue {
    JsValue::from_str(k)
}

impl Db {
    /// Opens (creating or upgrading the object stores when needed) the workspace database.
    pub async fn open() -> Result<Db, JobError> {
        let factory = Factory::new().map_err(browser)?;
        let mut req = factory.open(DB_NAME, Some(DB_VERSION)).map_err(browser)?;
        req.on_upgrade_needed(|event| {
            if let Ok(db) = event.database() {
                let names = db.store_names();
                for name in [STORE_META, STORE_DATASETS, STORE_QUARANTINE] {
                    if !names.iter().any(|n| n == name) {
                        // An error here aborts the upgrade, which fails the open below.
                        let _ = db.create_object_store(name, ObjectStoreParams::new());
                    }
                }
            }
        });
        let db = req.await.map_err(browser)?;
        Ok(Db { db })
    }

    /// The value under `k`, whatever it is.
    pub async fn get_raw(&self, store: &str, k: &str) -> Result<Option<JsValue>, JobError> {
        let tx = self.db.transaction(&[store], TransactionMode::ReadOnly).map_err(browser)?;
        let st = tx.object_store(store).map_err(browser)?;
        st.get(key(k)).map_err(browser)?.await.map_err(browser)
    }

    /// The bytes under `k`. Values that are not bytes (written by something else) are
    /// returned as their UTF-8 or JSON text so they can still be inspected.
    pub async fn get(&self, store: &str, k: &str) -> Result<Option<Vec<u8>>, JobError> {
        Ok(self.get_raw(store, k).await?.map(|v| value_bytes(&v)))
    }

    /// Starts reading `k` now and returns a future for its bytes, so the caller can decode one
    /// record while the browser fetches the next. The request's handlers are attached before
    /// this returns (the browser cannot answer before the caller next yields).
    pub fn get_started(
        &self,
        store: &str,
        k: &str,
    ) -> Result<impl std::future::Future<Output = Result<Option<Vec<u8>>, JobError>> + use<>, JobError> {
        let tx = self.db.transaction(&[store], TransactionMode::ReadOnly).map_err(browser)?;
        let st = tx.object_store(store).map_err(browser)?;
        let pending = std::future::IntoFuture::into_future(st.get(key(k)).map_err(browser)?);
        Ok(async move {
            let value = pending.await.map_err(browser)?;
            drop(tx);
            Ok(value.map(|v| value_bytes(&v)))
        })
    }

    /// Every key of a store, in key order.
    pub async fn keys(&self, store: &str) -> Result<Vec<String>, JobError> {
        let tx = self.db.transaction(&[store], TransactionMode::ReadOnly).map_err(browser)?;
        let st = tx.object_store(store).map_err(browser)?;
        let keys = st.get_all_keys(None, None).map_err(browser)?.await.map_err(browser)?;
        Ok(keys.into_iter().map(|k| k.as_string().unwrap_or_else(|| format!("{k:?}"))).collect())
    }

    /// Applies every op in one read-write transaction. On any error the transaction is
    /// aborted, so the store is left exactly as it was.
    pub async fn apply(&self, ops: Vec<Op>) -> Result<(), JobError> {
        if ops.is_empty() {
            return Ok(());
        }
        let mut stores: Vec<&str> = ops.iter().flat_map(Op::stores).collect();
        stores.sort_unstable();
        stores.dedup();
        let tx = self.db.transaction(&stores, TransactionMode::ReadWrite).map_err(browser)?;
        let outcome = Self::run_ops(&tx, ops).await;
        match outcome {
            Ok(()) => {
                let result = tx.commit().map_err(browser)?.await.map_err(browser)?;
                if result.is_committed() {
                    Ok(())
                } else {
                    Err(JobError::Browser("the browser aborted the write".into()))
                }
            }
            Err(e) => {
                let _ = tx.abort();
                Err(e)
            }
        }
    }

    async fn run_ops(tx: &idb::Transaction, ops: Vec<Op>) -> Result<(), JobError> {
        for op in ops {
            match op {
                Op::Put { store, key: k, bytes } => {
                    let st = tx.object_store(store).map_err(browser)?;
                    let value = Uint8Array::from(bytes.as_slice());
                    st.put(&value, Some(&key(&k))).map_err(browser)?.await.map_err(browser)?;
                }
                Op::Delete { store, key: k } => {
                    let st = tx.object_store(store).map_err(browser)?;
                    st.delete(key(&k)).map_err(browser)?.await.map_err(browser)?;
                }
                Op::Clear { store } => {
                    let st = tx.object_store(store).map_err(browser)?;
                    st.clear().map_err(browser)?.await.map_err(browser)?;
                }
                Op::Move { from, key: k, to, to_key } => {
                    let src = tx.object_store(from).map_err(browser)?;
                    let dst = tx.object_store(to).map_err(browser)?;
                    if let Some(v) = src.get(key(&k)).map_err(browser)?.await.map_err(browser)? {
                        dst.put(&v, Some(&key(&to_key))).map_err(browser)?.await.map_err(browser)?;
                        src.delete(key(&k)).map_err(browser)?.await.map_err(browser)?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// Bytes of a stored value: `Uint8Array`/`ArrayBuffer` as is, strings as UTF-8, anything else
/// as its JSON text.
pub fn value_bytes(v: &JsValue) -> Vec<u8> {
    if let Some(a) = v.dyn_ref::<Uint8Array>() {
        return a.to_vec();
    }
    if let Some(b) = v.dyn_ref::<js_sys::ArrayBuffer>() {
        return Uint8Array::new(b).to_vec();
    }
    if let Some(s) = v.as_string() {
        return s.into_bytes();
    }
    js_sys::JSON::stringify(v).ok().and_then(|s| s.as_string()).unwrap_or_default().into_bytes()
}
