//! The script library (话术库): search by words and category, edit or add a reply, delete,
//! CSV import/export and XLSX download; below, the most frequent buyer questions from the
//! chats with the best-scoring replies, each one click from the library.

use kefu_core::Lang;
use kefu_core::training::{QuestionCluster, Script, ScriptCategory};
use leptos::prelude::*;

use super::tr;
use crate::actions::training::TrainingView;
use crate::actions::{self};
use crate::platform::dom;
use crate::state::{AppState, Tone};

#[component]
pub fn LibraryTab(view: TrainingView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    let query = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    // The script being edited (a copy; saved on 保存).
    let editing = RwSignal::new(None::<Script>);
    let hits = move || {
        let q = query.get();
        let cat = ScriptCategory::parse(&category.get());
        view.work.with(|w| {
            let Some(w) = w else { return Vec::new() };
            if q.trim().is_empty() {
                w.library.scripts.iter().filter(|s| cat.is_none_or(|c| s.category == c)).cloned().collect()
            } else {
                w.library
                    .search(&q, cat)
                    .into_iter()
                    .filter_map(|h| w.library.scripts.get(h.index).cloned())
                    .collect()
            }
        })
    };
    let total = move || view.work.with(|w| w.as_ref().map_or(0, |w| w.library.scripts.len()));
    view! {
        <section class="card" id="training-library">
            <div class="card-head">
                <h2>{move || t("话术库", "Script library")}</h2>
                <span class="table-buttons no-print">
                    <button class="btn small primary" id="library-new" on:click=move |_| editing.set(Some(Script::default()))>{move || t("新增话术", "New reply")}</button>
                    <button class="btn small" id="library-csv" on:click=move |_| actions::training::export(state, view, kefu_core::training::tables::TableKind::Library, false)>{move || t("导出 CSV", "Export CSV")}</button>
                    <button class="btn small" id="library-xlsx" on:click=move |_| actions::training::export(state, view, kefu_core::training::tables::TableKind::Library, true)>{move || t("下载 XLSX", "Download XLSX")}</button>
                    <button class="btn small" id="library-import" on:click=move |_| actions::choose_files("library-file")>{move || t("导入 CSV", "Import CSV")}</button>
                    <input type="file" id="library-file" accept=".csv,text/csv" hidden
                        on:change=move |ev| actions::training::import_scripts(state, view, dom::files_from_input(&ev), false)/>
                    <button class="btn small" on:click=move |_| actions::training::print()>{move || t("打印", "Print")}</button>
                </span>
            </div>
            <p class="hint no-print">{move || t(
                "导入的 CSV 需要“分类”和“话术”两列（可选：编号、标题、关键词、对应规则）；同编号的话术会被替换。导出的 CSV 可直接再导入。",
                "An imported CSV needs 分类 (category) and 话术 (reply) columns (optional: ID, title, keywords, rules); scripts with the same ID are replaced. An exported CSV imports as is.",
            )}</p>
            <div class="controls no-print">
                <input type="search" id="library-search" placeholder=move || t("搜索话术：如 尺码、发货、便宜", "Search: e.g. size, shipping, discount")
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
                <select id="library-category" on:change=move |ev| category.set(event_target_value(&ev))>
                    <option value="">{move || t("全部分类", "All categories")}</option>
                    {move || ScriptCategory::ALL.into_iter().map(|c| view! { <option value=c.key()>{c.label(state.lang())}</option> }).collect::<Vec<_>>()}
                </select>
                <span class="muted" id="library-count">{move || tr!(state.lang(), "显示 {} / 共 {} 条", "{} of {} shown", hits().len(), total())}</span>
            </div>
            {move || editing.get().map(|s| editor(state, view, editing, s))}
            <table class="table library" id="library-table">
                <thead><tr>
                    <th>{move || t("分类", "Category")}</th><th>{move || t("标题", "Title")}</th>
                    <th>{move || t("话术", "Reply")}</th><th class="no-print"></th>
                </tr></thead>
                <tbody>
                    {move || hits().into_iter().map(|s| {
                        let lang = state.lang();
                        let (id, id2, edit) = (s.id.clone(), s.id.clone(), s.clone());
                        view! {
                            <tr data-id=id>
                                <td class="nowrap">{s.category.label(lang)}</td>
                                <td class="nowrap">{s.title.clone()}</td>
                                <td class="reply-text">{s.text.clone()}</td>
                                <td class="no-print nowrap">
                                    <button class="btn small link library-edit" on:click=move |_| editing.set(Some(edit.clone()))>{lang.pick("编辑", "Edit")}</button>
                                    <button class="btn small link library-delete" on:click=move |_| {
                                        if dom::confirm(lang.pick("删除这条话术？", "Delete this reply?")) {
                                            let id = id2.clone();
                                            actions::training::edit_work(state, view, move |w| { w.library.remove(&id); });
                                        }
                                    }>{lang.pick("删除", "Delete")}</button>
                                </td>
                            </tr>
                        }
                    }).collect::<Vec<_>>()}
                </tbody>
            </table>
        </section>
        <Questions view=view/>
    }
}

fn editor(
    state: AppState,
    view: TrainingView,
    editing: RwSignal<Option<Script>>,
    s: Script,
) -> impl IntoView {
    let lang = state.lang();
    let draft = RwSignal::new(s);
    let save = move || {
        let s = draft.get_untracked();
        if s.text.trim().is_empty() {
            state.notify(Tone::Error, lang.pick("话术内容不能为空。", "The reply cannot be empty."));
            return;
        }
        actions::training::edit_work(state, view, move |w| {
            w.library.upsert(s);
        });
        editing.set(None);
    };
    view! {
        <div class="library-editor no-print" id="library-editor">
            <label>{lang.pick("分类", "Category")}" "
                <select id="library-edit-category" on:change=move |ev| {
                    if let Some(c) = ScriptCategory::parse(&event_target_value(&ev)) { draft.update(|d| d.category = c); }
                }>
                    {ScriptCategory::ALL.into_iter().map(|c| view! {
                        <option value=c.key() selected=move || draft.with(|d| d.category == c)>{c.label(lang)}</option>
                    }).collect::<Vec<_>>()}
                </select>
            </label>
            <label>{lang.pick("标题", "Title")}" "
                <input type="text" id="library-edit-title" prop:value=move || draft.with(|d| d.title.clone())
                    on:input=move |ev| draft.update(|d| d.title = event_target_value(&ev))/></label>
            <label class="wide">{lang.pick("话术", "Reply")}
                <textarea id="library-edit-text" rows="3" prop:value=move || draft.with(|d| d.text.clone())
                    on:input=move |ev| draft.update(|d| d.text = event_target_value(&ev))></textarea></label>
            <label class="wide">{lang.pick("关键词（用逗号分隔）", "Keywords (comma-separated)")}" "
                <input type="text" id="library-edit-tags" prop:value=move || draft.with(|d| d.tags.join("，"))
                    on:change=move |ev| draft.update(|d| d.tags = split_list(&event_target_value(&ev)))/></label>
            <div class="buttons">
                <button class="btn primary" id="library-save" on:click=move |_| save()>{lang.pick("保存", "Save")}</button>
                <button class="btn" on:click=move |_| editing.set(None)>{lang.pick("取消", "Cancel")}</button>
            </div>
        </div>
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

#[component]
fn Questions(view: TrainingView) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move |zh: &'static str, en: &'static str| state.lang().pick(zh, en);
    view! {
        <section class="card no-print" id="training-questions">
            <div class="card-head">
                <h2>{move || t("顾客常问问题（候选话术）", "Frequent buyer questions (candidates)")}</h2>
                <button class="btn small" id="questions-load" disabled=move || !actions::training::has_data(state)
                    on:click=move |_| actions::training::load_questions(state, view)>{move || t("从聊天记录找常见问题", "Find frequent questions in the chats")}</button>
            </div>
            <p class="hint">{move || t(
                "把意思相近的顾客提问归为一类，按出现次数排序；每类列出质检得分最高的客服回复，点“加入话术库”即可收录。",
                "Buyer questions with the same meaning are grouped and ranked by frequency; each group lists the agents' replies from the best-scoring conversations — “Add to library” keeps one.",
            )}</p>
            {move || match view.questions.get() {
                None => view! { <p class="muted">{t("还没有分析。", "Not analysed yet.")}</p> }.into_any(),
                Some(cs) if cs.is_empty() => view! { <p class="muted">{t("没有找到重复出现的问题。", "No question comes up often enough.")}</p> }.into_any(),
                Some(cs) => view! { <ol class="questions">{cs.into_iter().map(|c| cluster_view(state, view, c)).collect::<Vec<_>>()}</ol> }.into_any(),
            }}
        </section>
    }
}

fn cluster_view(state: AppState, view: TrainingView, c: QuestionCluster) -> impl IntoView {
    let lang = state.lang();
    let head = tr!(lang, "{}（{} 次，{} 位顾客）", "{} ({} times, {} buyers)", c.question, c.count, c.buyers);
    let variants: Vec<String> = c.variants.iter().take(4).map(|v| v.text.clone()).collect();
    let cluster = StoredValue::new(c.clone());
    view! {
        <li class="question">
            <p><strong>{head}</strong>" "<span class="tag">{c.category.label(lang)}</span></p>
            <p class="muted small">{lang.pick("其他问法：", "Also asked as: ")}{variants.join(" / ")}</p>
            <ul class="candidates">
                {c.replies.iter().enumerate().map(|(i, r)| {
                    let score = r.score.map_or("—".into(), |s| format!("{s:.1}"));
                    let meta = tr!(lang, "{} · 用过 {} 次 · 会话均分 {}", "{} · used {} times · mean score {}", r.agent, r.uses, score);
                    view! {
                        <li>
                            <span class="reply-text">{r.text.clone()}</span>" "
                            <span class="muted small">{meta}</span>" "
                            <button class="btn small add-candidate" on:click=move |_| {
                                if let Some(s) = cluster.with_value(|c| c.candidate(i)) {
                                    actions::training::edit_work(state, view, move |w| { w.library.upsert(s); });
                                    state.notify(Tone::Success, added(lang));
                                }
                            }>{lang.pick("加入话术库", "Add to library")}</button>
                        </li>
                    }
                }).collect::<Vec<_>>()}
            </ul>
        </li>
    }
}

fn added(lang: Lang) -> &'static str {
    lang.pick("已加入话术库。", "Added to the library.")
}
