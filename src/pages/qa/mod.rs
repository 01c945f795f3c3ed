//! 质检 QA: every conversation checked automatically. The page has parts (tabs): the per-agent
//! overview with weekly trends and the most-failed rules, the sampling plan (抽查), disputes
//! (申诉), calibration (校准), unconverted enquiries (未成交分析), the rule and scorecard editor,
//! and help with the exact formulas. Conversations picked from any list open in the viewer
//! with their evidence highlighted and the keyboard review form.

mod calibration;
mod disputes;
mod editor;
mod help;
mod overview;
mod review;
mod sampling;
mod unconverted;
mod viewer;

use kefu_core::Lang;
use kefu_core::qa::{QaConfig, QaDesk};
use leptos::prelude::*;

use crate::actions::{
    self,
    qa::{QaView, Tab},
};
use crate::platform::dom;
use crate::state::{AppState, Page};

/// The same text in Chinese and English, with format arguments given once:
/// `tr!(lang, "共 {} 个", "{} in all", n)`.
macro_rules! tr {
    ($lang:expr, $zh:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        match $lang {
            kefu_core::Lang::Zh => format!($zh $(, $arg)*),
            kefu_core::Lang::En => format!($en $(, $arg)*),
        }
    };
}
pub(crate) use tr;

fn score(s: Option<f64>) -> String {
    s.map_or_else(|| "—".into(), |v| format!("{v:.1}"))
}

fn secs(s: Option<f64>) -> String {
    s.map_or_else(|| "—".into(), |v| format!("{v:.0}"))
}

/// The display names of the rules in use, by index.
fn rule_names(lang: Lang, desk: Option<&QaDesk>) -> Vec<String> {
    let default;
    let cfg = match desk {
        Some(d) => &d.config,
        None => {
            default = QaConfig::default();
            &default
        }
    };
    cfg.rules.rules.iter().map(|r| r.label(lang).to_owned()).collect()
}

fn rule_name(names: &[String], i: u16) -> String {
    names.get(i as usize).cloned().unwrap_or_else(|| format!("#{i}"))
}

/// `zh` or `en` of the state's language (for the page's short labels).
fn pick(state: AppState) -> impl Fn(&'static str, &'static str) -> &'static str + Copy {
    move |zh, en| state.lang().pick(zh, en)
}

#[component]
pub fn QaPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let view = QaView::new();
    // Compute once the workspace is known, and again after it changes.
    Effect::new(move |_| {
        state.workspace.track();
        actions::qa::refresh(state, view);
    });
    // Reviewing from the keyboard (see `actions::qa::on_key`).
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if let Some(k) = dom::shortcut_key(&ev)
            && actions::qa::on_key(state, view, &k)
        {
            ev.prevent_default();
        }
    });
    on_cleanup(move || keys.remove());
    let t = pick(state);
    view! {
        <h1>{move || t("质检", "Quality assurance")}</h1>
        <p class="lead">{move || t(
            "自动检查每一个会话：响应时间、问候与告别、禁用语、站外交易风险、极限用语、迟回复未致歉、“稍等”后无下文、买家投诉信号等。评分满分 100 分，加分项可使总分略高于 100，致命项不通过则为 0 分。点客服看其会话（最差在前），点会话看高亮的证据。",
            "Every conversation is checked automatically: response times, greeting and farewell, forbidden words, off-platform risk, absolute claims, late replies without apology, “one moment” with no follow-up, buyer escalation words. Scores are out of 100; bonus items can lift a score slightly above 100, a failed critical item sets it to 0. Click an agent to see their conversations (worst first), and a conversation to see the highlighted evidence.",
        )}</p>
        {move || {
            if state.workspace.with(|w| w.is_none()) {
                return view! { <p class="muted">{t("正在打开工作区…", "Opening the workspace…")}</p> }.into_any();
            }
            if !actions::qa::has_chats(state) {
                return view! {
                    <section class="card" id="qa-empty">
                        <h2>{t("还没有聊天记录", "No chat logs yet")}</h2>
                        <p>{t("请先在“导入”页导入聊天记录，或载入示例数据。", "Import chat logs on the Import page first, or load the demo workspace.")}</p>
                        <button class="btn primary" on:click=move |_| actions::go(Page::Import)>{t("去导入", "Go to Import")}</button>
                    </section>
                }.into_any();
            }
            view! {
                <calibration::ReviewerBar view=view/>
                <Tabs view=view/>
                <QaBody view=view/>
            }.into_any()
        }}
    }
}

#[component]
fn Tabs(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    let tab = move |id: Tab, key: &'static str, zh: &'static str, en: &'static str| {
        let badge = move || {
            let lang = state.lang();
            view.desk.with(|d| {
                let d = d.as_ref()?;
                match id {
                    Tab::Sampling => d.sampling.as_ref().map(|s| format!("{}/{}", s.done, s.rows.len())),
                    Tab::Disputes => {
                        let open = d
                            .disputes
                            .iter()
                            .filter(|x| x.status == kefu_core::qa::DisputeStatus::Open)
                            .count();
                        (open > 0).then(|| open.to_string())
                    }
                    Tab::Rules => d.custom.then(|| lang.pick("已修改", "edited").to_owned()),
                    _ => None,
                }
            })
        };
        view! {
            <button class:active=move || view.tab.get() == id data-tab=key
                on:click=move |_| actions::qa::show_tab(state, view, id)>
                {move || t(zh, en)}
                {move || badge().map(|b| view! { " "<span class="tab-badge">{b}</span> })}
            </button>
        }
    };
    view! {
        <div class="segmented qa-tabs no-print" role="tablist" id="qa-tabs">
            {tab(Tab::Overview, "overview", "总览", "Overview")}
            {tab(Tab::Sampling, "sampling", "抽查", "Sampling")}
            {tab(Tab::Disputes, "disputes", "申诉", "Disputes")}
            {tab(Tab::Calibration, "calibration", "校准", "Calibration")}
            {tab(Tab::Unconverted, "unconverted", "未成交分析", "Unconverted")}
            {tab(Tab::Rules, "rules", "规则与评分表", "Rules & scorecards")}
            {tab(Tab::Help, "help", "说明", "Help")}
        </div>
    }
}

#[component]
fn QaBody(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    // Only whether there is an overview: the parts below follow their own signals.
    let ready = Memo::new(move |_| view.overview.with(Option::is_some));
    move || {
        if !ready.get() {
            return view! { <p class="muted" id="qa-running">{t("正在质检…", "Checking…")}</p> }.into_any();
        }
        let with_viewer = |left: AnyView| {
            view! {
                <div class="qa-drill">
                    <div class="qa-left">{left}</div>
                    <viewer::ConversationViewer view=view/>
                </div>
            }
            .into_any()
        };
        match view.tab.get() {
            Tab::Overview => view! {
                <overview::Overview view=view/>
                {with_viewer(view! { <overview::AgentConversations view=view/> }.into_any())}
            }
            .into_any(),
            Tab::Sampling => with_viewer(view! { <sampling::Sampling view=view/> }.into_any()),
            Tab::Disputes => with_viewer(view! { <disputes::Disputes view=view/> }.into_any()),
            Tab::Calibration => view! { <calibration::Calibration view=view/> }.into_any(),
            Tab::Unconverted => with_viewer(view! { <unconverted::Unconverted view=view/> }.into_any()),
            Tab::Rules => view! { <editor::Editor view=view/> }.into_any(),
            Tab::Help => view! { <help::Help view=view/> }.into_any(),
        }
    }
}
