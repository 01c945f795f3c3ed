//! The team training plan (培训计划): topics from the team's most frequent QA failures, the
//! sessions (date, trainer, attendees) with attendance, and each session's before/after check
//! (share of conversations passing the session's rules, 7 days before vs after).

use kefu_core::training::tables::TableKind;
use kefu_core::training::{Attendee, BeforeAfter, Session, WindowScore};
use leptos::prelude::*;

use super::{TableButtons, parse_date, tr};
use crate::actions::training::TrainingView;
use crate::actions::{self};
use crate::platform::dom;
use crate::state::AppState;

fn pct(w: &WindowScore) -> String {
    w.pass_rate.map_or("—".into(), |p| format!("{p:.1}%"))
}

#[component]
pub fn PlanTab(view: TrainingView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let date = RwSignal::new(actions::training::clock().date().to_string());
    let propose = move || {
        let Some(d) = parse_date(&date.get_untracked()) else { return };
        let (topics, agents) = (
            view.plan.with_untracked(|p| {
                p.as_ref().map(|p| p.topics.iter().take(3).cloned().collect::<Vec<_>>()).unwrap_or_default()
            }),
            view.agents.get_untracked(),
        );
        let lang = state.lang();
        actions::training::edit_plan(state, view, move |w| {
            let supervisor = w.supervisor.clone();
            let mut s = Session::proposed("", d, &topics, &agents, lang);
            s.trainer = supervisor;
            w.put_session(s);
        });
    };
    view! {
        <section class="card" id="training-topics">
            <h2>{move || t("培训主题（团队最常见的问题）", "Topics (the team's most frequent faults)")}</h2>
            {move || view.plan.get().map(|p| {
                let lang = state.lang();
                view! {
                    <p class="muted">{tr!(lang, "统计期间 {} 至 {}", "Period {} to {}", p.period.from, p.period.to)}</p>
                    <table class="table" id="training-topics-table">
                        <thead><tr><th>{lang.pick("规则", "Rule")}</th><th>{lang.pick("违规次数", "Hits")}</th>
                            <th>{lang.pick("涉及会话", "Conversations")}</th><th>{lang.pick("涉及客服", "Agents")}</th><th>{lang.pick("会话占比", "Share")}</th></tr></thead>
                        <tbody>{p.topics.into_iter().map(|x| view! {
                            <tr><td>{x.label}</td><td>{x.hits}</td><td>{x.conversations}</td><td>{x.agents}</td><td>{format!("{:.1}%", x.share * 100.0)}</td></tr>
                        }).collect::<Vec<_>>()}</tbody>
                    </table>
                }
            })}
            <div class="controls no-print">
                <label>{move || t("培训日期", "Session date")}" "
                    <input type="date" id="session-date" prop:value=move || date.get() on:change=move |ev| date.set(event_target_value(&ev))/></label>
                <button class="btn primary" id="session-add" on:click=move |_| propose()>{move || t("按前三个主题安排培训", "Plan a session on the top three topics")}</button>
            </div>
        </section>
        <section class="card" id="training-sessions">
            <div class="card-head">
                <h2>{move || t("培训场次", "Sessions")}</h2>
                <TableButtons view=view table=TableKind::Sessions id="sessions"/>
            </div>
            <p class="hint no-print">{move || t(
                "记录出勤后，前后对比只统计出席者。通过率 = 前后各 7 天内没有违反该场次规则的会话占比。",
                "Once attendance is taken, the check counts only those present. Pass rate = share of conversations in the 7 days before/after without a hit of the session's rules.",
            )}</p>
            {move || {
                let sessions = view.plan.with(|p| p.as_ref().map(|p| p.sessions.clone()).unwrap_or_default());
                if sessions.is_empty() {
                    return view! { <p class="muted">{t("还没有培训场次：选日期后点上面的按钮安排一场。", "No sessions yet: pick a date and plan one above.")}</p> }.into_any();
                }
                sessions.into_iter().map(|(s, ba)| session_view(state, view, s, ba)).collect::<Vec<_>>().into_any()
            }}
        </section>
    }
}

fn session_view(state: AppState, view: TrainingView, s: Session, ba: BeforeAfter) -> impl IntoView {
    let lang = state.lang();
    let (present, taken) = s.attendance();
    let change = ba.change.map_or("—".into(), |c| format!("{c:+.1}"));
    let check = tr!(
        lang,
        "前后对比：之前 {}（{} 段会话） → 之后 {}（{} 段会话），变化 {} 个百分点",
        "Before/after: {} ({} conversations) → {} ({} conversations), change {} points",
        pct(&ba.before),
        ba.before.conversations,
        pct(&ba.after),
        ba.after.conversations,
        change
    );
    let sid = s.id.clone();
    let edit = move |f: Box<dyn FnOnce(&mut Session)>| {
        let sid = sid.clone();
        actions::training::edit_plan(state, view, move |w| {
            if let Some(x) = w.sessions.iter_mut().find(|x| x.id == sid) {
                f(x);
            }
        });
    };
    let (e1, e2, e3) = (edit.clone(), edit.clone(), edit.clone());
    let sid2 = s.id.clone();
    view! {
        <div class="session" data-id=s.id.clone()>
            <h3>{format!("{} · {}", s.date, s.title)}</h3>
            <div class="controls">
                <label>{lang.pick("讲师", "Trainer")}" "
                    <input type="text" class="session-trainer" prop:value=s.trainer.clone()
                        on:change=move |ev| { let v = event_target_value(&ev); e1(Box::new(move |x| x.trainer = v)); }/></label>
                <label class="wide">{lang.pick("备注", "Notes")}" "
                    <input type="text" prop:value=s.notes.clone()
                        on:change=move |ev| { let v = event_target_value(&ev); e2(Box::new(move |x| x.notes = v)); }/></label>
                <button class="btn small link no-print" on:click=move |_| {
                    if dom::confirm(lang.pick("删除这场培训？", "Delete this session?")) {
                        let id = sid2.clone();
                        actions::training::edit_plan(state, view, move |w| w.sessions.retain(|x| x.id != id));
                    }
                }>{lang.pick("删除", "Delete")}</button>
            </div>
            <p>{tr!(lang, "出勤：已记录 {} 人，出席 {} 人", "Attendance: {} recorded, {} present", taken, present)}</p>
            <div class="attendees">
                {s.attendees.into_iter().map(|a: Attendee| {
                    let e = e3.clone();
                    let agent = a.agent.clone();
                    let value = match a.present { None => "", Some(true) => "yes", Some(false) => "no" };
                    view! {
                        <label class="attendee">{a.agent.clone()}" "
                            <select on:change=move |ev| {
                                let v = match event_target_value(&ev).as_str() { "yes" => Some(true), "no" => Some(false), _ => None };
                                let agent = agent.clone();
                                e(Box::new(move |x| if let Some(at) = x.attendees.iter_mut().find(|at| at.agent == agent) { at.present = v; }));
                            }>
                                <option value="" selected=value.is_empty()>{lang.pick("未记录", "—")}</option>
                                <option value="yes" selected=value == "yes">{lang.pick("出席", "Present")}</option>
                                <option value="no" selected=value == "no">{lang.pick("缺席", "Absent")}</option>
                            </select>
                        </label>
                    }
                }).collect::<Vec<_>>()}
            </div>
            <p class="before-after">{check}</p>
        </div>
    }
}
