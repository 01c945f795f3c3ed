//! The 分享 page (supervisor side of agent packets): export a personal packet (个人绩效包) for
//! one agent or all, optionally protected by a passphrase, and apply the reply files agents
//! send back (their disputes join the QA dispute queue).

use leptos::prelude::*;

use crate::actions::{self, packet};
use crate::platform::dom;
use crate::state::AppState;

#[component]
pub fn SharePage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = move || state.lang();
    // Reload when the stored data changes (and on first show).
    Effect::new(move |_| {
        let _ = state.workspace.with(|w| w.as_ref().map(|w| w.manifest.datasets.len()));
        if state.workspace.with_untracked(|w| w.is_some()) {
            packet::load_share(state);
        }
    });
    view! {
        <h1>{move || lang().pick("分享给客服", "Share with agents")}</h1>
        <p class="lead">{move || lang().pick(
            "给每位客服导出只含其本人数据的绩效包，并收回他们的申诉和确认。",
            "Export each agent a packet with their own data only, and take back their disputes and acknowledgements.",
        )}</p>
        <section class="card" id="share-export">
            <h2>{move || lang().pick("导出个人绩效包", "Export personal packets")}</h2>
            <p class="hint">{move || lang().pick(
                "绩效包只包含一位客服自己的数据：本月绩效指标、考核表、质检复核（含对应会话，买家信息已脱敏）、培训单和个人排班。客服用浏览器打开本工具，把文件拖进页面即可只读查看，还可以对复核提出申诉、确认培训单，并生成回执文件发回给您。",
                "A packet holds one agent's own data only: this month's KPIs, appraisal sheet, QA reviews (with the conversations, buyers masked), training sheet and personal schedule. The agent opens this tool in a browser and drops the file in to read it; they can dispute reviews, acknowledge the training sheet and send you a reply file.",
            )}</p>
            <ExportForm/>
        </section>
        <section class="card" id="share-replies">
            <h2>{move || lang().pick("收到的回执", "Replies received")}</h2>
            <p class="hint">{move || lang().pick(
                "把客服发回的 .kefureply 回执文件拖进页面（或点“选择回执文件”）即可应用：申诉出现在“质检 → 申诉”中等待处理。同一份回执应用两次不会重复添加。",
                "Drop the .kefureply file an agent sends back (or press “Choose a reply file”): its disputes appear under QA → Disputes. Applying the same reply twice adds nothing twice.",
            )}</p>
            <div class="actions">
                <input type="file" id="pick-reply" accept=".kefureply,.kefupack" class="visually-hidden"
                    on:change=move |ev| actions::receive_files(state, dom::files_from_input(&ev))/>
                <button class="btn" id="choose-reply" on:click=move |_| actions::choose_files("pick-reply")>
                    {move || lang().pick("选择回执文件", "Choose a reply file")}</button>
            </div>
            <Replies/>
        </section>
    }
}

#[component]
fn ExportForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = move || state.lang();
    let agent = RwSignal::new(String::new());
    let protect = RwSignal::new(true);
    let pass = RwSignal::new(String::new());
    let pass2 = RwSignal::new(String::new());
    let agents = move || state.share.with(|s| s.data.agents.clone());
    let loaded = move || state.share.with(|s| s.data.loaded);
    let mismatch = move || protect.get() && !pass2.get().is_empty() && pass.get() != pass2.get();
    let ready = move || {
        !agents().is_empty() && (!protect.get() || (!pass.get().is_empty() && pass.get() == pass2.get()))
    };
    let export = move |_| {
        let a = agent.get_untracked();
        let list = if a.is_empty() { Vec::new() } else { vec![a] };
        let p = protect.get_untracked().then(|| pass.get_untracked());
        packet::export_packets(state, list, p);
    };
    move || {
        if loaded() && agents().is_empty() {
            return view! {
                <p class="muted" id="share-empty">{lang().pick(
                    "还没有客服数据：先导入聊天记录和员工名单，或在“导入”页载入示例数据。",
                    "No agent data yet: import chats and the staff list, or load the demo on the Import page.",
                )}</p>
            }
            .into_any();
        }
        let options = agents()
            .into_iter()
            .map(|a| {
                let label = if a.name.is_empty() {
                    a.account.clone()
                } else {
                    format!("{}（{}）", a.name, a.account)
                };
                view! { <option value=a.account.clone()>{label}</option> }
            })
            .collect_view();
        view! {
            <div class="share-form">
                <label class="field">{lang().pick("客服", "Agent")}" "
                    <select id="packet-agent" on:change=move |ev| agent.set(event_target_value(&ev))
                        prop:value=move || agent.get()>
                        <option value="">{lang().pick("全部客服（每人一个文件，打包为 zip）", "Every agent (one file each, in a zip)")}</option>
                        {options}
                    </select>
                </label>
                <label class="check">
                    <input type="checkbox" id="packet-protect" prop:checked=move || protect.get()
                        on:change=move |ev| protect.set(event_target_checked(&ev))/>
                    {lang().pick("用口令保护（推荐）", "Protect with a passphrase (recommended)")}
                </label>
                {move || protect.get().then(|| view! {
                    <div class="share-pass">
                        <label class="field">{lang().pick("口令", "Passphrase")}" "
                            <input type="password" id="packet-pass" autocomplete="new-password"
                                prop:value=move || pass.get() on:input=move |ev| pass.set(event_target_value(&ev))/>
                        </label>
                        <label class="field">{lang().pick("再输入一次", "Repeat it")}" "
                            <input type="password" id="packet-pass2" autocomplete="new-password"
                                prop:value=move || pass2.get() on:input=move |ev| pass2.set(event_target_value(&ev))/>
                        </label>
                        {move || mismatch().then(|| view! {
                            <p class="error" id="packet-pass-mismatch">{lang().pick("两次输入的口令不一致。", "The two passphrases differ.")}</p>
                        })}
                        <p class="warn" id="packet-pass-warning">{lang().pick(
                            "注意：口令无法找回。忘记口令后，文件谁也打不开，只能重新导出。请把口令和文件分开发送（例如文件发邮件、口令当面或电话告知）。选择“全部客服”时每个文件用同一个口令，建议逐个导出、每人一个口令。",
                            "Note: a lost passphrase cannot be recovered — nobody can open the file, you can only export it again. Send the passphrase separately from the file (e.g. file by e-mail, passphrase in person). With “every agent” all files share one passphrase; export one by one to give each agent their own.",
                        )}</p>
                    </div>
                })}
                {move || (!protect.get()).then(|| view! {
                    <p class="warn" id="packet-plain-warning">{lang().pick(
                        "不加口令的绩效包谁拿到都能打开，只适合当面交给本人。",
                        "Anyone who gets an unprotected packet can open it: only hand it over in person.",
                    )}</p>
                })}
                <div class="actions">
                    <button class="btn primary" id="packet-export" disabled=move || state.busy() || !ready() on:click=export>
                        {lang().pick("导出绩效包", "Export packet")}</button>
                </div>
            </div>
        }
        .into_any()
    }
}

#[component]
fn Replies() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        let replies = state.share.with(|s| s.data.replies.clone());
        if replies.is_empty() {
            return view! { <p class="muted" id="replies-empty">{lang.pick("还没有应用过回执。", "No replies applied yet.")}</p> }
                .into_any();
        }
        let rows = replies
            .into_iter()
            .rev()
            .map(|r| {
                let acks = r.acks.iter().map(|a| a.sheet.clone()).collect::<Vec<_>>().join("；");
                view! {
                    <tr data-reply=r.id.clone()>
                        <td>{r.agent.clone()}</td>
                        <td>{r.made.clone()}</td>
                        <td>{r.applied.iso()}</td>
                        <td class="num" data-disputes=r.disputes.to_string()>{r.disputes}</td>
                        <td class="wrap">{if acks.is_empty() { "—".to_owned() } else { acks }}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="table compact" id="replies-table">
                <thead><tr>
                    <th>{lang.pick("客服", "Agent")}</th>
                    <th>{lang.pick("回执生成时间", "Made")}</th>
                    <th>{lang.pick("应用时间", "Applied")}</th>
                    <th class="num">{lang.pick("新增申诉", "Disputes added")}</th>
                    <th>{lang.pick("已确认的培训单", "Training sheets acknowledged")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    }
}
