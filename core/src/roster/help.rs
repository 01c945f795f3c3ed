//! The staffing model in words (排班说明): what a session is, how Erlang C / Erlang A turn chats
//! into agents, and what concurrency, occupancy and shrinkage mean. The roster page's help and
//! the in-app manual both render this list, so the two never drift apart; the rules themselves
//! explain themselves through [`super::model::Rule::help`].

use crate::Lang;

/// One term of the staffing model: its name and what it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HelpItem {
    pub term: &'static str,
    pub text: &'static str,
}

/// The staffing model, term by term, in the order a supervisor meets it.
pub fn staffing_help(lang: Lang) -> Vec<HelpItem> {
    let item = |zt: &'static str, et: &'static str, zh: &'static str, en: &'static str| HelpItem {
        term: lang.pick(zt, et),
        text: lang.pick(zh, en),
    };
    vec![
        item(
            "会话",
            "Session",
            "买家在 10 分钟以上无消息后再发的第一条消息算一次新的咨询；预测的是每 30 分钟的新咨询数。",
            "A buyer message after 10 minutes or more of silence starts a new session; the forecast counts new sessions per 30 minutes.",
        ),
        item(
            "Erlang C",
            "Erlang C",
            "把每 30 分钟的咨询量和平均处理时长换算成话务量，算出要几名客服在线，才能让目标比例的买家在规定秒数内得到回复（买家会一直等）。",
            "Turns the chats per 30 minutes and the handling time into traffic and finds how many agents must be online for the target share of buyers to be answered within the target seconds (buyers wait).",
        ),
        item(
            "公式",
            "Formulas",
            "话务量 A = 每秒咨询数 λ × 平均处理时长 AHT；服务水平 SL = 1 − C(N, A) × e^(−(N − A) × T ÷ AHT)，C 为 Erlang C 等待概率，T 为目标回复秒数；在线人数 = 满足 SL 目标和最高占用率（A ÷ N）的最小 N。",
            "Traffic A = chats per second λ × handling time AHT; service level SL = 1 − C(N, A) × e^(−(N − A) × T ÷ AHT), C being the Erlang C probability of waiting and T the answer target in seconds; agents online = the smallest N meeting the SL target and the occupancy cap (A ÷ N).",
        ),
        item(
            "Erlang A",
            "Erlang A",
            "填写“买家耐心”后使用：买家平均等这么久就会离开；离开的买家算作未达标。",
            "Used when a patience is given: buyers leave after waiting that long on average; those who leave count as missed.",
        ),
        item(
            "同时接待数",
            "Chats at once",
            "一名客服可同时接待几位买家（常见 2–5）；模型把一名客服当作这么多个并行座席。",
            "How many buyers one agent serves at once (usually 2–5); the model treats one agent as that many parallel servers.",
        ),
        item(
            "最高占用率",
            "Max occupancy",
            "客服忙碌时间占比的上限，防止长期满负荷；达到服务水平后若占用率仍过高会再加人。",
            "Cap on the share of time agents are busy, to avoid burn-out; if the service level is met but occupancy is too high, agents are added.",
        ),
        item(
            "损耗率",
            "Shrinkage",
            "休息、开会、培训、请假等不在线的时间占比；需排班人数 = 在线人数 ÷（1 − 损耗率），向上取整。",
            "Share of paid time not online (breaks, meetings, training, absence); agents to schedule = agents online ÷ (1 − shrinkage), rounded up.",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::staffing::{StaffingParams, required_agents};

    #[test]
    fn both_languages_have_the_same_terms_and_the_shrinkage_rule_matches_the_engine() {
        let (zh, en) = (staffing_help(Lang::Zh), staffing_help(Lang::En));
        assert_eq!(zh.len(), en.len());
        assert!(zh.iter().zip(&en).all(|(a, b)| a.text != b.text && !a.term.is_empty()));
        // "agents to schedule = online ÷ (1 − shrinkage), rounded up", as the engine does it.
        let p = StaffingParams { shrinkage: 0.3, answer_secs: 20.0, ..StaffingParams::default() };
        let r = required_agents(100.0, &p);
        assert_eq!((r.agents, r.scheduled), (14, 20), "domain.md §5: 14 online ÷ 0.7 = 20 to schedule");
        assert!(en.iter().any(|i| i.text.contains("÷ (1 − shrinkage), rounded up")));
    }
}
