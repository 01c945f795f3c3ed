//! Feedback around the page: notices, the progress bar of a running job, and the overlay
//! shown while files are dragged over the window.

use leptos::prelude::*;

use crate::actions;
use crate::state::{AppState, Tone};

#[component]
pub fn Notices() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="notices no-print" role="status" aria-live="polite">
            {move || {
                state
                    .notices
                    .get()
                    .into_iter()
                    .map(|n| {
                        let id = n.id;
                        let class = match n.tone {
                            Tone::Info => "notice info",
                            Tone::Success => "notice success",
                            Tone::Error => "notice error",
                        };
                        view! {
                            <div class=class>
                                <span class="notice-text">{n.text}</span>
                                <button
                                    class="notice-close"
                                    aria-label=move || state.m().close
                                    on:click=move |_| state.dismiss(id)
                                >
                                    "×"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

#[component]
pub fn JobBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <Show when=move || state.busy()>
            <div class="job-bar no-print" id="job-bar" role="progressbar"
                aria-valuemin="0" aria-valuemax="100"
                aria-valuenow=move || {
                    state.job.with(|j| j.as_ref().and_then(|j| j.progress.as_ref()).map(|p| (p.fraction() * 100.0).round() as u32).unwrap_or(0))
                }
            >
                <span class="job-label">
                    {move || {
                        let lang = state.lang();
                        state.job.with(|j| match j.as_ref().and_then(|j| j.progress.as_ref()) {
                            Some(p) if p.detail.is_empty() => format!("{} · {:.0}%", p.stage.label(lang), p.fraction() * 100.0),
                            Some(p) => format!("{} · {} · {:.0}%", p.stage.label(lang), p.detail, p.fraction() * 100.0),
                            None => state.m().loading.to_owned(),
                        })
                    }}
                </span>
                <div class="job-track">
                    <div class="job-fill" style:width=move || {
                        let f = state.job.with(|j| j.as_ref().and_then(|j| j.progress.as_ref()).map(|p| p.fraction()).unwrap_or(0.0));
                        format!("{:.1}%", f * 100.0)
                    }></div>
                </div>
                <button class="btn small" id="job-cancel" on:click=move |_| actions::cancel_job()>
                    {move || state.m().cancel}
                </button>
            </div>
        </Show>
    }
}

#[component]
pub fn DropOverlay() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <Show when=move || state.dragging.get()>
            <div class="drop-overlay no-print" aria-hidden="true">
                <div class="drop-box">{move || state.m().drop_here}</div>
            </div>
        </Show>
    }
}
