//! Loading and saving the user-work documents (reviews, rosters, registers…) through the
//! worker. Pages keep the typed body in a signal and call [`save`] after each change; the
//! worker writes it in one transaction (see `store::work`).

use kefu_core::jobs::{Request, Response};
use kefu_core::lang::Localize;
use kefu_core::store::WorkArea;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::state::{AppState, Tone};

/// The area's stored body, or `B::default()` when there is none yet. A document that could
/// not be read is kept aside by the worker and reported here; `None` when the job failed
/// (the error is shown), so a page never overwrites work it could not read.
pub async fn load<B: DeserializeOwned + Default>(state: AppState, area: WorkArea) -> Option<B> {
    let Response::Work { body_json, notices, .. } =
        super::job(state, Request::LoadWork { area }, Vec::new()).await?
    else {
        return None;
    };
    for n in notices {
        state.notify(Tone::Error, n.localize(state.lang()));
    }
    match body_json {
        None => Some(B::default()),
        Some(json) => match serde_json::from_str(&json) {
            Ok(b) => Some(b),
            Err(e) => {
                state.notify(Tone::Error, format!("{}: {e}", area.label(state.lang())));
                None
            }
        },
    }
}

/// Stores the area's body. `false` when it was not saved (the error is shown).
pub async fn save<B: Serialize>(state: AppState, area: WorkArea, body: &B) -> bool {
    let Ok(body_json) = serde_json::to_string(body) else { return false };
    super::job(state, Request::SaveWork { area, body_json }, Vec::new()).await.is_some()
}
