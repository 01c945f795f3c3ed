//! The rule and scorecard editor (规则与评分表): thresholds (session split, slow reply), each
//! rule's switch, timing and word lists (add and remove phrases), rules of the supervisor's own
//! (a word list said by the agent or the buyer), the categories of each role's scorecard
//! (weight, points, critical, bonus, which rules lower them; categories of one's own), and the
//! 未成交 analysis's word lists. Changes are made on a working copy and saved together into the
//! QA work; the overview is then recomputed. 恢复默认 goes back to the shipped defaults.

use kefu_core::Lang;
use kefu_core::qa::{Check, QaConfig, QaEdit, Reason, Side, is_custom, split_words};
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

/// A word list of the configuration: one of rule `i`'s, or the 未成交 list of a reason.
#[derive(Clone, Copy, PartialEq)]
enum Target {
    Rule(usize, List),
    Reason(Reason),
}

impl Target {
    fn get(self, c: &QaConfig) -> Vec<String> {
        match self {
            Target::Rule(i, l) => c.rules.rules.get(i).map(|r| match l {
                List::Phrases => r.phrases.clone(),
                List::Triggers => r.triggers.clone(),
                List::Exceptions => r.exceptions.clone(),
            }),
            Target::Reason(r) => c.unconverted_words(r).cloned(),
        }
        .unwrap_or_default()
    }

    fn edit(self, c: &mut QaConfig, f: impl FnOnce(&mut Vec<String>)) {
        let list = match self {
            Target::Rule(i, l) => c.rules.rules.get_mut(i).map(|r| match l {
                List::Phrases => &mut r.phrases,
                List::Triggers => &mut r.triggers,
                List::Exceptions => &mut r.exceptions,
            }),
            Target::Reason(r) => c.unconverted_words_mut(r),
        };
        if let Some(list) = list {
            f(list)
        }
    }

    fn key(self) -> &'static str {
        match self {
            Target::Rule(_, List::Phrases) => "phrases",
            Target::Rule(_, List::Triggers) => "triggers",
            Target::Rule(_, List::Exceptions) => "exceptions",
            Target::Reason(Reason::Price) => "price",
            Target::Reason(Reason::Stock) => "stock",
            Target::Reason(Reason::Size) => "size",
            Target::Reason(Reason::Shipping) => "shipping",
            Target::Reason(_) => "other",
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
    // The blocks are built per rule and card of the working copy (rebuilt when one is added or
    // removed); `custom` says whether the configuration in use differs from the defaults.
    let shape = Memo::new(move |_| {
        let custom = view.desk.with(|d| d.as_ref().map(|d| d.custom))?;
        read(view, |c| {
            let cards: Vec<usize> = c.scorecards.cards.iter().map(|k| k.categories.len()).collect();
            (c.rules.rules.len(), cards, custom)
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
                <AddRule view=view/>
            </section>
            <section class="card" id="qa-card-editor">
                <h2>{t("评分表", "Scorecards")}</h2>
                <p class="muted small">{t(
                    "权重：普通分类在总分中的相对比重；加分项的权重是满分时加的分数。档数：2 为是/否，最多 5 档。致命项取最低档时整份评分为 0。",
                    "Weight: the share of an ordinary category in the score; for a bonus item, the points added at full marks. Points: 2 is yes/no, at most 5. A critical item at its lowest value sets the whole score to 0.",
                )}</p>
                {cards.into_iter().enumerate().map(|(c, n)| view! { <CardBlock view=view card=c categories=n/> }).collect_view()}
            </section>
            <UnconvertedWords view=view/>
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
    let t = pick(state);
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
        let own = is_custom(&id);
        let gone = id.clone();
        Some(view! {
            <div class="rule-edit" class:off=!enabled data-rule=id.clone()>
                <label class="check rule-title">
                    <input type="checkbox" class="rule-enabled" prop:checked=enabled
                        on:change=move |ev| { let on = event_target_checked(&ev); actions::qa::edit_draft(view, |c| if let Some(r) = c.rules.rules.get_mut(i) { r.enabled = on }) }/>
                    <strong>{label}</strong>
                    {own.then(|| view! { <span class="badge">{t("自定义", "Your own")}</span> })}
                </label>
                {own.then(|| view! {
                    <button class="btn small rule-remove" on:click=move |_| { let gone = gone.clone(); actions::qa::edit_draft(view, move |c| { c.remove_rule(&gone); }) }>
                        {t("删除此规则", "Remove this rule")}</button>
                })}
                <p class="muted small">{explain}</p>
                {timing.map(|(l, v)| view! {
                    <label class="inline">{l}
                        <input type="number" min="1" class="rule-timing" prop:value=v.to_string()
                            on:change=move |ev| if let Some(v) = num(&ev).filter(|&v| v > 0) {
                                actions::qa::edit_draft(view, |c| if let Some(r) = c.rules.rules.get_mut(i) { set_timing(&mut r.check, v) })
                            }/></label>
                })}
                {lists.into_iter().map(|(list, l)| view! { <WordList view=view target=Target::Rule(i, list) label=l/> }).collect_view()}
            </div>
        })
    }
}

/// The form that adds a rule of the supervisor's own: a name, whose lines it checks, the words,
/// and optionally the scorecard category its hits lower.
#[component]
fn AddRule(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    let name = RwSignal::new(String::new());
    let words = RwSignal::new(String::new());
    let buyer = RwSignal::new(false);
    // "card:category" indices, or "" for none.
    let link = RwSignal::new(String::new());
    let ready = move || !name.get().trim().is_empty() && !split_words(&words.get()).is_empty();
    let categories = move || {
        let lang = state.lang();
        read(view, |c| {
            c.scorecards
                .cards
                .iter()
                .enumerate()
                .flat_map(|(k, card)| {
                    card.categories.iter().enumerate().filter(|(_, x)| !x.bonus).map(move |(ci, x)| {
                        (format!("{k}:{ci}"), format!("{} · {}", card.label(lang), x.label(lang)))
                    })
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    };
    let add = move |_| {
        if !ready() {
            return;
        }
        let (n, w, side) = (name.get_untracked(), split_words(&words.get_untracked()), buyer.get_untracked());
        let target = link.get_untracked();
        actions::qa::edit_draft(view, move |c| {
            let side = if side { Side::Buyer } else { Side::Agent };
            let id = c.add_phrase_rule(&n, side, side == Side::Buyer, w);
            if let Some((k, ci)) = target.split_once(':')
                && let (Ok(k), Ok(ci)) = (k.parse(), ci.parse())
            {
                c.link_rule(k, ci, &id, true);
            }
        });
        name.set(String::new());
        words.set(String::new());
        link.set(String::new());
    };
    view! {
        <div class="rule-add" id="rule-add">
            <h3>{t("添加自己的规则", "Add a rule of your own")}</h3>
            <p class="muted small">{t(
                "例如店铺禁用的竞品词、新的风险说法。客服的话命中算违规，可计入评分表的一个分类（每命中一次扣一档）；买家的话命中只作风险提示，不扣客服的分。",
                "E.g. competitor names your shop forbids, a new risky phrase. A hit in an agent line is a fault and can lower a scorecard category (one point per hit); a hit in a buyer line is only a risk flag and costs the agent nothing.",
            )}</p>
            <div class="form-grid">
                <label>{t("规则名称", "Rule name")}
                    <input type="text" id="rule-new-name" maxlength="30" prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))/></label>
                <label>{t("检查谁的话", "Whose lines")}
                    <select id="rule-new-side" on:change=move |ev| buyer.set(event_target_value(&ev) == "buyer")>
                        <option value="agent" selected=move || !buyer.get()>{t("客服（违规）", "Agent (a fault)")}</option>
                        <option value="buyer" selected=move || buyer.get()>{t("买家（风险提示）", "Buyer (a risk flag)")}</option>
                    </select></label>
                <label>{t("计入评分表分类", "Lowers the category")}
                    <select id="rule-new-link" prop:disabled=move || buyer.get() on:change=move |ev| link.set(event_target_value(&ev))>
                        <option value="" selected=move || link.get().is_empty()>{t("不计分，只标记", "None: only flag it")}</option>
                        {move || categories().into_iter().map(|(v, l)| {
                            let sel = v.clone();
                            view! { <option value=v selected=move || link.get() == sel>{l}</option> }
                        }).collect_view()}
                    </select></label>
            </div>
            <label class="block">{t("词语（用逗号、顿号或换行分隔）", "Words (separated by commas or line breaks)")}
                <textarea id="rule-new-words" rows="2" prop:value=move || words.get()
                    on:input=move |ev| words.set(event_target_value(&ev))></textarea></label>
            <button class="btn" id="rule-new-add" disabled=move || !ready() on:click=add>{t("添加规则", "Add the rule")}</button>
            <span class="muted small">{t("添加后记得点“保存并重新质检”。", "Then press “Save and check again”.")}</span>
        </div>
    }
}

#[component]
fn WordList(view: QaView, target: Target, label: &'static str) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    let new = RwSignal::new(String::new());
    let add = move || {
        let typed = split_words(&new.get_untracked());
        if typed.is_empty() {
            return;
        }
        actions::qa::edit_draft(view, |c| {
            target.edit(c, |l| {
                for w in typed {
                    if !l.contains(&w) {
                        l.push(w);
                    }
                }
            })
        });
        new.set(String::new());
    };
    let words = move || read(view, |c| target.get(c)).unwrap_or_default();
    view! {
        <div class="word-list" data-list=target.key()>
            <span class="muted small">{label}"："</span>
            {move || words().into_iter().map(|w| {
                let gone = w.clone();
                view! {
                    <span class="chip" data-phrase=w.clone()>{w.clone()}
                        <button class="chip-remove" title=t("删除", "Remove")
                            on:click=move |_| { let gone = gone.clone(); actions::qa::edit_draft(view, move |c| target.edit(c, |l| l.retain(|x| *x != gone))) }>"×"</button>
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

/// The 未成交 analysis's word lists: a buyer line with one of a reason's words puts an
/// unconverted enquiry down to that reason.
#[component]
fn UnconvertedWords(view: QaView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = pick(state);
    move || {
        let lang = state.lang();
        view! {
            <section class="card" id="qa-unconverted-editor">
                <h2>{t("未成交原因词表", "Unconverted enquiry: reason words")}</h2>
                <p class="muted small">{t(
                    "询单后没有下单时，按买家说过的词归因：出现哪一类词就记为哪一类原因；都没有且回复慢记为“回复慢”，否则为“其他”。",
                    "An enquiry with no order is put down to the reason whose words the buyer used; with none of them, a slow reply makes it “slow reply”, else “other”.",
                )}</p>
                {[Reason::Price, Reason::Stock, Reason::Size, Reason::Shipping].into_iter().map(|r| view! {
                    <WordList view=view target=Target::Reason(r) label=r.label(lang)/>
                }).collect_view()}
            </section>
        }
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
        // (id, label, linked) of every rule.
        let rules = move || {
            let lang = state.lang();
            read(view, |c| {
                let linked =
                    c.scorecards.cards.get(card).and_then(|k| k.categories.get(ci)).map(|x| x.rules.clone());
                let linked = linked.unwrap_or_default();
                c.rules
                    .rules
                    .iter()
                    .map(|r| (r.id.clone(), r.label(lang).to_owned(), linked.contains(&r.id)))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
        };
        move || {
            let c = cat()?;
            let points = c.points;
            let own = is_custom(&c.id);
            let gone = c.id.clone();
            Some(view! {
                <tr data-category=c.id.clone()>
                    <td>{c.label(state.lang()).to_owned()}
                        {own.then(|| view! {
                            <button class="chip-remove cat-remove" title=t("删除此分类", "Remove this category")
                                on:click=move |_| { let gone = gone.clone(); actions::qa::edit_draft(view, move |x| { x.remove_category(card, &gone); }) }>"×"</button>
                        })}</td>
                    <td><input type="number" min="0" max="1000" class="cat-weight" prop:value=c.weight.to_string()
                        on:change=move |ev| if let Some(w) = num(&ev) { upd(Box::new(move |x| x.weight = w)) }/></td>
                    <td><select class="cat-points" on:change=move |ev| if let Some(p) = num(&ev) { upd(Box::new(move |x| x.points = p as u8)) }>
                        {(2u8..=5).map(|p| view! { <option value=p.to_string() selected=p == points>{p}</option> }).collect_view()}
                    </select></td>
                    <td><input type="checkbox" class="cat-critical" prop:checked=c.critical
                        on:change=move |ev| { let v = event_target_checked(&ev); upd(Box::new(move |x| x.critical = v)) }/></td>
                    <td><input type="checkbox" class="cat-bonus" prop:checked=c.bonus
                        on:change=move |ev| { let v = event_target_checked(&ev); upd(Box::new(move |x| x.bonus = v)) }/></td>
                    <td class="cat-rules">
                        {move || rules().into_iter().filter(|r| r.2).map(|(id, label, _)| {
                            let gone = id.clone();
                            view! {
                                <span class="chip" data-rule=id>{label}
                                    <button class="chip-remove" title=t("不再关联", "Unlink")
                                        on:click=move |_| { let gone = gone.clone(); actions::qa::edit_draft(view, move |x| x.link_rule(card, ci, &gone, false)) }>"×"</button>
                                </span>
                            }
                        }).collect_view()}
                        <select class="cat-link" on:change=move |ev| {
                            let id = event_target_value(&ev);
                            if !id.is_empty() { actions::qa::edit_draft(view, move |x| x.link_rule(card, ci, &id, true)) }
                        }>
                            <option value="" selected=true>{t("＋ 关联规则", "+ Link a rule")}</option>
                            {move || rules().into_iter().filter(|r| !r.2).map(|(id, label, _)| view! { <option value=id>{label}</option> }).collect_view()}
                        </select>
                    </td>
                </tr>
            })
        }
    };
    let name = RwSignal::new(String::new());
    let add = move || {
        let n = name.get_untracked();
        if n.trim().is_empty() {
            return;
        }
        actions::qa::edit_draft(view, move |c| {
            c.add_category(card, &n, Vec::new());
        });
        name.set(String::new());
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
                        <th>{t("自动扣分的规则", "Rules that lower it")}</th>
                    </tr></thead>
                    <tbody>{(0..categories).map(row).collect_view()}</tbody>
                </table>
                <div class="row cat-add">
                    <input type="text" class="cat-new-name" maxlength="30" placeholder=t("新分类名称，如“品牌规范”", "New category, e.g. “Brand rules”")
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))
                        on:keydown=move |ev| if ev.key() == "Enter" { add() }/>
                    <button class="btn small cat-new-add" disabled=move || name.get().trim().is_empty() on:click=move |_| add()>
                        {t("添加分类", "Add a category")}</button>
                    <span class="muted small">{t("没有关联规则的分类只在人工复核时打分。", "A category without rules is scored only in human reviews.")}</span>
                </div>
            </div>
        })
    }
}
