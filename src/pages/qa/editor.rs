//! The rule and scorecard editor (规则与评分表): thresholds (session split, slow reply), each
//! rule's switch, timing and word lists (add and remove phrases), and the categories of each
//! role's scorecard (weight, points, critical, bonus). Changes are made on a working copy and
//! saved together into the QA work; the overview is then recomputed. 恢复默认 goes back to the
//! shipped defaults.

use kefu_core::Lang;
use kefu_core::qa::{Check, QaConfig, QaEdit};
use leptos::prelude::*;

use super::pick;
use crate::actions::{self, qa::QaView};
use crate::state::AppState;

/// `f` of the working copy, else of the configuration in use.
fn read<T>(view: QaView, f: impl Fn(&QaConfig) -> T) -> Option<T> {
    view.draft.with(|d| d.as_ref().map(&f)).or_else(|| view.desk.with(|d| d.as_ref().map(|d| f(&d.config))))
}

fn num(ev: &leptos::ev::Event) -> Option<u32> {
    event_target_value(ev).trim().parse().ok()
}

/// Which word list of a rule.
#[derive(Clone, Copy, PartialEq)]
enum List {
    Phrases,
    Triggers,
    Exceptions,
}

impl List {
    fn get(self, r: &kefu_core::qa::Rule) -> &Vec<String> {
        match self {
            List::Phrases => &r.phrases,
            List::Triggers => &r.triggers,
            List::Exceptions => &r.exceptions,
        }
    }

    fn get_mut(self, r: &mut kefu_core::qa::Rule) -> &mut Vec<String> {
        match self {
            List::Phrases => &mut r.phrases,
            List::Triggers => &mut r.triggers,
            List::Exceptions => &mut r.exceptions,
        }
    }

    fn key(self) -> &'static str {
        match self {
            List::Phrases => "phrases",
            List::Triggers => "triggers",
            List::Exceptions => "exceptions",
        }
    }
}

/// The word lists a check uses, with their labels.
fn lists_of(check: &Check, lang: Lang) -> Vec<(List, &'static str)> {
    let words = lang.pick("词表", "Words");
    let trig = lang.pick("触发词", "Triggers");
    let exc = lang.pick("例外词（覆盖命中处则不算）", "Exceptions (cancel a hit they cover)");
    match check {
        Check::Phrase { .. } => vec![(List::Phrases, words), (List::Exceptions, exc)],
        Check::Greeting { .. } | Check::LateNoApology { .. } | Check::FollowUp { .. } => {
            vec![(List::Phrases, words)]
        }
        Check::Closing { .. } | Check::RatingInvite { .. } | Check::AddressConfirm | Check::Soothe { .. } => {
            vec![(List::Phrases, words), (List::Triggers, trig)]
        }
        Check::Unanswered => vec![(List::Triggers, trig)],
        Check::SingleChar | Check::SlowReply | Check::TransferNoReply => Vec::new(),
    }
}

#[component]
pub fn Editor(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    let dirty = move || {
        let draft = view.draft.get();
        draft.is_some_and(|d| view.desk.with(|k| k.as_ref().is_some_and(|k| k.config != d)))
    };
    let save = move |_| {
        let Some(cfg) = view.draft.get_untracked() else { return };
        actions::qa::edit(state, view, QaEdit::SetConfig { config: Box::new(cfg) }, move || {
            state.notify(
                crate::state::Tone::Success,
                state.lang().pick("规则已保存，正在重新质检。", "Rules saved; checking again.").to_owned(),
            );
        });
    };
    let reset = move |_| {
        actions::qa::edit(state, view, QaEdit::ResetConfig, move || {
            state.notify(
                crate::state::Tone::Success,
                state
                    .lang()
                    .pick("已恢复默认规则和评分表。", "Default rules and scorecards restored.")
                    .to_owned(),
            );
        });
    };
    // The blocks are built per rule and card of the configuration in use (rebuilt after a save).
    let shape = Memo::new(move |_| {
        view.desk.with(|d| {
            d.as_ref().map(|d| {
                let cards: Vec<usize> =
                    d.config.scorecards.cards.iter().map(|c| c.categories.len()).collect();
                (d.config.rules.rules.len(), cards, d.custom)
            })
        })
    });
    move || {
        let Some((rules, cards, custom)) = shape.get() else {
            return view! { <p class="muted">{t("正在读取规则…", "Loading the rules…")}</p> }.into_any();
        };
        view! {
            <section class="card" id="qa-editor">
                <div class="card-head">
                    <h2>{t("规则与评分表", "Rules and scorecards")}</h2>
                    <span class="badge" id="cfg-state" data-custom=custom.to_string()>
                        {if custom { t("已修改（非默认）", "Edited (not the defaults)") } else { t("默认设置", "Defaults") }}</span>
                </div>
                <p class="muted small">{t(
                    "修改后点“保存并重新质检”，总览、抽查和未成交分析都会按新规则重新计算；已保存的人工复核不受影响。词语匹配忽略全半角和大小写。",
                    "Press “Save and check again” after changes: the overview, sampling and unconverted analysis are recomputed with the new rules; saved human reviews stay as they are. Matching ignores full/half width and case.",
                )}</p>
                <div class="row editor-actions">
                    <button class="btn primary" id="cfg-save" disabled=move || !dirty() on:click=save>{t("保存并重新质检", "Save and check again")}</button>
                    <button class="btn" id="cfg-discard" disabled=move || !dirty() on:click=move |_| view.draft.set(None)>{t("放弃修改", "Discard changes")}</button>
                    <button class="btn" id="cfg-reset" disabled=!custom on:click=reset>{t("恢复默认", "Restore defaults")}</button>
                    <span class="muted small" id="cfg-dirty">{move || if dirty() { t("有未保存的修改", "Unsaved changes") } else { "" }}</span>
                </div>
                <Thresholds view=view/>
            </section>
            <section class="card" id="qa-rule-editor">
                <h2>{t("规则", "Rules")}</h2>
                {(0..rules).map(|i| view! { <RuleBlock view=view i=i/> }).collect_view()}
            </section>
            <section class="card" id="qa-card-editor">
                <h2>{t("评分表", "Scorecards")}</h2>
                <p class="muted small">{t(
                    "权重：普通分类在总分中的相对比重；加分项的权重是满分时加的分数。档数：2 为是/否，最多 5 档。致命项取最低档时整份评分为 0。",
                    "Weight: the share of an ordinary category in the score; for a bonus item, the points added at full marks. Points: 2 is yes/no, at most 5. A critical item at its lowest value sets the whole score to 0.",
                )}</p>
                {cards.into_iter().enumerate().map(|(c, n)| view! { <CardBlock view=view card=c categories=n/> }).collect_view()}
            </section>
        }
        .into_any()
    }
}

#[component]
fn Thresholds(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    view! {
        <div class="form-grid">
            <label>{t("会话切分：沉默超过（分钟）", "New conversation after silence of (minutes)")}
                <input type="number" min="1" max="1440" id="cfg-session-gap"
                    prop:value=move || read(view, |c| (c.rules.session_gap_secs / 60).to_string()).unwrap_or_default()
                    on:change=move |ev| if let Some(m) = num(&ev).filter(|&m| m > 0) {
                        actions::qa::edit_draft(view, |c| c.rules.session_gap_secs = m * 60)
                    }/></label>
            <label>{t("慢回复：超过（秒）", "Slow reply: over (seconds)")}
                <input type="number" min="1" max="86400" id="cfg-slow-reply"
                    prop:value=move || read(view, |c| c.rules.slow_reply_secs.to_string()).unwrap_or_default()
                    on:change=move |ev| if let Some(s) = num(&ev).filter(|&s| s > 0) {
                        actions::qa::edit_draft(view, |c| c.rules.slow_reply_secs = s)
                    }/></label>
        </div>
    }
}

/// A timing parameter of a rule's check, if it has one: (label, current seconds, setter).
fn timing(check: &Check, lang: Lang) -> Option<(&'static str, u32)> {
    match check {
        Check::LateNoApology { after_secs, .. } => {
            Some((lang.pick("回复晚于（秒）", "Reply later than (s)"), *after_secs))
        }
        Check::FollowUp { within_secs } => {
            Some((lang.pick("跟进时限（秒）", "Follow up within (s)"), *within_secs))
        }
        Check::Greeting { fresh_secs } => Some((
            lang.pick("接续对话不查问候（秒内）", "No greeting needed within (s) of the agent's last line"),
            *fresh_secs,
        )),
        _ => None,
    }
}

fn set_timing(check: &mut Check, v: u32) {
    match check {
        Check::LateNoApology { after_secs, .. } => *after_secs = v,
        Check::FollowUp { within_secs } => *within_secs = v,
        Check::Greeting { fresh_secs } => *fresh_secs = v,
        _ => {}
    }
}

#[component]
fn RuleBlock(view: QaView, i: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let head = move || {
        let lang = state.lang();
        read(view, |c| {
            let r = c.rules.rules.get(i)?;
            Some((
                r.id.clone(),
                r.label(lang).to_owned(),
                r.enabled,
                r.explain(lang, &c.rules),
                timing(&r.check, lang),
                lists_of(&r.check, lang),
            ))
        })
        .flatten()
    };
    move || {
        let (id, label, enabled, explain, timing, lists) = head()?;
        Some(view! {
            <div class="rule-edit" class:off=!enabled data-rule=id.clone()>
                <label class="check rule-title">
                    <input type="checkbox" class="rule-enabled" prop:checked=enabled
                        on:change=move |ev| { let on = event_target_checked(&ev); actions::qa::edit_draft(view, |c| if let Some(r) = c.rules.rules.get_mut(i) { r.enabled = on }) }/>
                    <strong>{label}</strong>
                </label>
                <p class="muted small">{explain}</p>
                {timing.map(|(l, v)| view! {
                    <label class="inline">{l}
                        <input type="number" min="1" class="rule-timing" prop:value=v.to_string()
                            on:change=move |ev| if let Some(v) = num(&ev).filter(|&v| v > 0) {
                                actions::qa::edit_draft(view, |c| if let Some(r) = c.rules.rules.get_mut(i) { set_timing(&mut r.check, v) })
                            }/></label>
                })}
                {lists.into_iter().map(|(list, l)| view! { <WordList view=view i=i list=list label=l/> }).collect_view()}
            </div>
        })
    }
}

#[component]
fn WordList(view: QaView, i: usize, list: List, label: &'static str) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    let new = RwSignal::new(String::new());
    let add = move || {
        let w = new.get_untracked().trim().to_owned();
        if w.is_empty() {
            return;
        }
        actions::qa::edit_draft(view, |c| {
            if let Some(r) = c.rules.rules.get_mut(i) {
                let l = list.get_mut(r);
                if !l.contains(&w) {
                    l.push(w);
                }
            }
        });
        new.set(String::new());
    };
    let words = move || {
        read(view, |c| c.rules.rules.get(i).map(|r| list.get(r).clone()).unwrap_or_default())
            .unwrap_or_default()
    };
    view! {
        <div class="word-list" data-list=list.key()>
            <span class="muted small">{label}"："</span>
            {move || words().into_iter().map(|w| {
                let gone = w.clone();
                view! {
                    <span class="chip" data-phrase=w.clone()>{w.clone()}
                        <button class="chip-remove" title=t("删除", "Remove")
                            on:click=move |_| { let gone = gone.clone(); actions::qa::edit_draft(view, move |c| if let Some(r) = c.rules.rules.get_mut(i) { list.get_mut(r).retain(|x| *x != gone) }) }>"×"</button>
                    </span>
                }
            }).collect_view()}
            <input type="text" class="phrase-input" placeholder=t("添加词语", "Add a phrase") prop:value=move || new.get()
                on:input=move |ev| new.set(event_target_value(&ev))
                on:keydown=move |ev| if ev.key() == "Enter" { add() }/>
            <button class="btn small phrase-add" on:click=move |_| add()>{t("添加", "Add")}</button>
        </div>
    }
}

#[component]
fn CardBlock(view: QaView, card: usize, categories: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    let title = move || {
        read(view, |c| c.scorecards.cards.get(card).map(|k| (k.id.clone(), k.label(state.lang()).to_owned())))
            .flatten()
    };
    let row = move |ci: usize| {
        let cat = move || {
            read(view, |c| c.scorecards.cards.get(card).and_then(|k| k.categories.get(ci)).cloned()).flatten()
        };
        let upd = move |f: Box<dyn FnOnce(&mut kefu_core::qa::Category)>| {
            actions::qa::edit_draft(view, move |c| {
                if let Some(x) = c.scorecards.cards.get_mut(card).and_then(|k| k.categories.get_mut(ci)) {
                    f(x)
                }
            })
        };
        move || {
            let c = cat()?;
            let points = c.points;
            Some(view! {
                <tr data-category=c.id.clone()>
                    <td>{c.label(state.lang()).to_owned()}</td>
                    <td><input type="number" min="0" max="1000" class="cat-weight" prop:value=c.weight.to_string()
                        on:change=move |ev| if let Some(w) = num(&ev) { upd(Box::new(move |x| x.weight = w)) }/></td>
                    <td><select class="cat-points" on:change=move |ev| if let Some(p) = num(&ev) { upd(Box::new(move |x| x.points = p as u8)) }>
                        {(2u8..=5).map(|p| view! { <option value=p.to_string() selected=p == points>{p}</option> }).collect_view()}
                    </select></td>
                    <td><input type="checkbox" class="cat-critical" prop:checked=c.critical
                        on:change=move |ev| { let v = event_target_checked(&ev); upd(Box::new(move |x| x.critical = v)) }/></td>
                    <td><input type="checkbox" class="cat-bonus" prop:checked=c.bonus
                        on:change=move |ev| { let v = event_target_checked(&ev); upd(Box::new(move |x| x.bonus = v)) }/></td>
                </tr>
            })
        }
    };
    move || {
        let (id, label) = title()?;
        Some(view! {
            <div class="card-edit" data-card=id>
                <h3>{label}</h3>
                <table class="table compact">
                    <thead><tr>
                        <th>{t("分类", "Category")}</th><th>{t("权重", "Weight")}</th><th>{t("档数", "Points")}</th>
                        <th>{t("致命项", "Critical")}</th><th>{t("加分项", "Bonus")}</th>
                    </tr></thead>
                    <tbody>{(0..categories).map(row).collect_view()}</tbody>
                </table>
            </div>
        })
    }
}
