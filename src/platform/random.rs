//! Cryptographic random bytes (`crypto.getRandomValues`), on the page and in the worker: the
//! salt and nonce of passphrase-protected files. The core has no source of randomness.

use wasm_bindgen::{JsCast, JsValue};

/// Fills `buf` (at most 65 536 bytes) with random bytes, or says why the browser refused.
pub fn fill(buf: &mut [u8]) -> Result<(), String> {
    let mut run = || -> Result<(), JsValue> {
        let crypto = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))?;
        let get = js_sys::Reflect::get(&crypto, &JsValue::from_str("getRandomValues"))?
            .dyn_into::<js_sys::Function>()?;
        let arr = js_sys::Uint8Array::new_with_length(buf.len() as u32);
        get.call1(&crypto, &arr)?;
        arr.copy_to(buf);
        Ok(())
    };
    run().map_err(|e| super::js_error_text(&e))
}
