//! The new-hire checklist (新人清单): product knowledge, platform rules, the eight reception
//! steps of the training deck and the tools, signed off item by item per agent; the team's
//! progress; printable with signature lines.

use kefu_core::training::tables::TableKind;
use leptos::prelude::*;

use super::{TableButtons, tr};
use crate::actions::training::TrainingView;
use crate::actions::{self};
use crate::state::AppState;

#[component]
pub fn ChecklistTab(view: TrainingView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let current = move || {
        let agent = view.agent.get();
        view.checklists.with(|c| c.iter().find(|c| c.agent == agent).cloned())
    };
    view! {
        <section class="card no-print" id="checklist-team">
            <div class="card-head">
                <h2>{move || t("团队进度", "Team progress")}</h2>
                <TableButtons view=view table=TableKind::Checklist id="checklist"/>
            </div>
            <div class="chips">
                {move || view.checklists.get().into_iter().map(|c| {
                    let agent = c.agent.clone();
                    let a2 = agent.clone();
                    view! {
                        <button class="btn small" class:active=move || view.agent.get() == a2
                            on:click=move |_| view.agent.set(agent.clone())>{format!("{} {}/{}", c.agent, c.done, c.total)}</button>
                    }
                }).collect::<Vec<_>>()}
            </div>
            <p class="hint">{move || t("点客服查看其清单；每项培训考核通过后点“签字确认”。", "Pick an agent to see their list; sign each item off once it is passed.")}</p>
        </section>
        {move || current().map(|c| {
            let lang = state.lang();
            let mut section = String::new();
            let agent = c.agent.clone();
            view! {
                <article class="card checklist-sheet" id="checklist-sheet">
                    <h2>{tr!(lang, "新人培训清单 · {}", "New-hire checklist · {}", c.agent)}</h2>
                    <p>{tr!(lang, "已完成 {} / {} 项", "{} of {} items done", c.done, c.total)}</p>
                    <table class="table">
                        <thead><tr><th>{lang.pick("类别", "Section")}</th><th>{lang.pick("项目", "Item")}</th><th>{lang.pick("签字确认", "Signed off")}</th></tr></thead>
                        <tbody>{c.rows.into_iter().map(|r| {
                            let sec = if r.section != section { section = r.section.clone(); r.section.clone() } else { String::new() };
                            let (item, agent) = (r.item.clone(), agent.clone());
                            let signed = r.signed.clone();
                            let is_done = signed.is_some();
                            view! {
                                <tr class:done=is_done>
                                    <td>{sec}</td><td>{r.label.clone()}</td>
                                    <td>{match signed {
                                        Some(s) => {
                                            let text = format!("✓ {} {}", s.date, s.by);
                                            view! { <span>{text}</span>" "
                                                <button class="btn small link" on:click=move |_| {
                                                    let (agent, item) = (agent.clone(), item.clone());
                                                    actions::training::edit_plan(state, view, move |w| { w.unsign(&agent, &item); });
                                                }>{lang.pick("撤销", "Withdraw")}</button> }.into_any()
                                        }
                                        None => view! {
                                            <button class="btn small sign-off" on:click=move |_| {
                                                let (agent, item) = (agent.clone(), item.clone());
                                                let date = actions::training::clock().date();
                                                actions::training::edit_plan(state, view, move |w| {
                                                    let by = w.supervisor.clone();
                                                    let _ = w.sign_off(&agent, &item, date, &by);
                                                });
                                            }>{lang.pick("签字确认", "Sign off")}</button>
                                            <span class="print-only sign-line short"></span>
                                        }.into_any(),
                                    }}</td>
                                </tr>
                            }
                        }).collect::<Vec<_>>()}</tbody>
                    </table>
                    <div class="signatures">
                        <div class="signature"><span>{lang.pick("主管签字：", "Supervisor: ")}</span><span class="sign-line"></span><span>{lang.pick("新人签字：", "New hire: ")}</span><span class="sign-line"></span></div>
                    </div>
                </article>
            }
        })}
    }
}
