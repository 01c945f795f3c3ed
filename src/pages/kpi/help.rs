//! 指标说明: every KPI in one line plus its formula (the core's help text, grouped as the
//! table groups them), then how the appraisal total, grade and bonus are computed.

use kefu_core::kpi::{Group, Kpi, help_all};
use leptos::prelude::*;

use crate::state::AppState;

#[component]
pub fn HelpView() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let lang = state.lang();
        let helps = help_all(lang);
        let mut groups: Vec<Group> = Vec::new();
        for k in Kpi::ALL {
            if !groups.contains(&k.group()) {
                groups.push(k.group());
            }
        }
        let sections = groups
            .into_iter()
            .map(|g| {
                let rows = helps
                    .iter()
                    .filter(|h| h.kpi.group() == g)
                    .map(|h| {
                        view! {
                            <dt data-kpi=h.kpi.key()>{h.name.clone()}</dt>
                            <dd>{h.line.clone()}<br/><code class="formula">{h.formula.clone()}</code></dd>
                        }
                    })
                    .collect::<Vec<_>>();
                view! { <h3>{g.label(lang)}</h3><dl class="kpi-help">{rows}</dl> }
            })
            .collect::<Vec<_>>();
        view! {
            <section class="card" id="kpi-help">
                <h2>{lang.pick("指标说明", "What the KPIs mean")}</h2>
                <p class="hint">{lang.pick(
                    "每个指标一句话说明和计算公式。带 * 的数字仍在成熟期内：销售类指标在下单后 1 天归属窗口 + 7 天付款窗口内，退款类在 30 天内可能还会变化。",
                    "Each KPI in one line with its formula. Figures marked * are still maturing: sales figures for the 1-day attribution window plus the 7-day payment window, refund figures for 30 days.",
                )}</p>
                {sections}
                <h3 id="kpi-help-appraisal">{lang.pick("考核总分怎么算", "How the appraisal total is computed")}</h3>
                <ul class="formulas">
                    <li>{lang.pick(
                        "单项得分 = 权重 × 档位得分率（达到某一档即得该档的百分比；线性档在下限 0% 与目标 100% 之间按比例，最多到封顶）",
                        "Item points = weight × band share (reaching a step earns its percentage; a linear band goes from 0% at the floor to 100% at the target, up to the cap)",
                    )}</li>
                    <li>{lang.pick(
                        "指标得分 = Σ 单项得分 × (权重合计 ÷ 有数据的考核项权重合计) —— 没有数据的考核项不计，其余按比例放大",
                        "KPI score = Σ item points × (sum of weights ÷ sum of weights of items with data) — items without data are left out and the rest scaled up",
                    )}</li>
                    <li>{lang.pick(
                        "总分 = 指标得分 − 扣分（考勤扣分、严重质检问题、有效投诉，每次按模板的分数）+ 主管加减分，最低 0 分",
                        "Total = KPI score − penalties (attendance points, critical QA failures, complaints, each at the template's points) + supervisor points, never below 0",
                    )}</li>
                    <li>{lang.pick(
                        "等级 = 总分达到的最高分数线（默认 卓越 95 / 优秀 90 / 良好 85 / 中 70 / 不合格 0）；奖金按等级；同分同名次",
                        "Grade = the highest cut-off the total reaches (default Outstanding 95 / Excellent 90 / Good 85 / Fair 70 / Failing 0); the bonus follows the grade; equal totals share a rank",
                    )}</li>
                    <li>{lang.pick(
                        "客单价比 = 个人客单价 ÷ 全店客单价；质检分来自“质检”页（自动评分与人工复核），按会话开始日期计入所选时间",
                        "AOV ratio = the agent's AOV ÷ the shop's; QA scores come from the QA page (automatic and reviewed), counted by the day a conversation started",
                    )}</li>
                </ul>
            </section>
        }
    }
}
