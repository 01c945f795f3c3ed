//! The shop/team filter: one workspace may hold several shops (店铺) and teams (班组); the
//! supervisor picks one of each (or all) and every page computes on the restricted workspace.
//!
//! A team is the staff list's 班组 column when it is filled, otherwise the agent's role group
//! (售前组/售后组), so a team filter works even without a team column. A conversation belongs
//! to the team of the first agent who answered in it, up to the first reply from another team
//! (a transfer hands the rest over); orders, refunds and reviews follow the shop only (they reach a team's figures through its conversations, the way the KPI engine
//! credits them).

use std::collections::{BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use super::{DatasetData, Role, Staff, Workspace};
use crate::Lang;

/// What the pages are restricted to; `None` = all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    pub shop: Option<String>,
    /// A team key (see [`team_key`]).
    pub team: Option<String>,
}

impl Filter {
    pub fn is_all(&self) -> bool {
        self.shop.is_none() && self.team.is_none()
    }
}

/// The shops and teams a workspace holds, to offer in the filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterChoices {
    pub shops: Vec<String>,
    /// Team keys, sorted.
    pub teams: Vec<String>,
}

impl FilterChoices {
    fn from_sets(shops: BTreeSet<&str>, teams: BTreeSet<String>) -> FilterChoices {
        FilterChoices {
            shops: shops.into_iter().filter(|s| !s.trim().is_empty()).map(str::to_owned).collect(),
            teams: teams.into_iter().collect(),
        }
    }

    /// Both lists merged (sorted, without repeats).
    pub fn union<'a>(all: impl IntoIterator<Item = &'a FilterChoices>) -> FilterChoices {
        let (mut shops, mut teams) = (BTreeSet::new(), BTreeSet::new());
        for c in all {
            shops.extend(c.shops.iter().map(String::as_str));
            teams.extend(c.teams.iter().cloned());
        }
        FilterChoices::from_sets(shops, teams)
    }

    /// Whether there is anything to choose between (more than one shop or team).
    pub fn worth_showing(&self) -> bool {
        self.shops.len() > 1 || self.teams.len() > 1
    }
}

/// The shops and teams of one dataset's rows (kept in its manifest entry, so the page can
/// offer the filter without loading the data).
pub fn filter_choices_of(data: &DatasetData) -> FilterChoices {
    let mut shops = BTreeSet::new();
    let mut teams = BTreeSet::new();
    match data {
        DatasetData::Chats(log) => shops.extend(log.threads.iter().map(|t| t.shop.as_str())),
        DatasetData::Orders(v) => shops.extend(v.iter().map(|o| o.shop.as_str())),
        DatasetData::Refunds(v) => shops.extend(v.iter().map(|r| r.shop.as_str())),
        DatasetData::Reviews(v) => shops.extend(v.iter().map(|r| r.shop.as_str())),
        DatasetData::Staff(v) => {
            shops.extend(v.iter().map(|s| s.shop.as_str()));
            teams.extend(v.iter().map(team_key));
        }
        DatasetData::SubOrders(_) | DatasetData::AgentStats(_) | DatasetData::Attendance(_) => {}
    }
    FilterChoices::from_sets(shops, teams)
}

const ROLE_TEAM: &str = "@";

/// The team an agent belongs to: the 班组 of the staff list, else `@` + the role (a key that
/// [`team_label`] shows as 售前组/售后组).
pub fn team_key(s: &Staff) -> String {
    let team = s.team.trim();
    if team.is_empty() { format!("{ROLE_TEAM}{}", role_key(s.role)) } else { team.to_owned() }
}

fn role_key(r: Role) -> &'static str {
    match r {
        Role::PreSale => "pre",
        Role::AfterSale => "after",
    }
}

/// How a team key reads on screen.
pub fn team_label(key: &str, lang: Lang) -> String {
    match key.strip_prefix(ROLE_TEAM) {
        Some("pre") => lang.pick("售前组", "Pre-sale team").into(),
        Some("after") => lang.pick("售后组", "After-sale team").into(),
        _ => key.to_owned(),
    }
}

impl Workspace {
    /// The shops (from chats, orders, refunds, reviews and the staff list) and teams (from the
    /// staff list) present.
    pub fn filter_choices(&self) -> FilterChoices {
        let mut shops = BTreeSet::new();
        shops.extend(self.chats.threads.iter().map(|t| t.shop.as_str()));
        shops.extend(self.orders.iter().map(|o| o.shop.as_str()));
        shops.extend(self.refunds.iter().map(|r| r.shop.as_str()));
        shops.extend(self.reviews.iter().map(|r| r.shop.as_str()));
        shops.extend(self.staff.iter().map(|s| s.shop.as_str()));
        FilterChoices::from_sets(shops, self.staff.iter().map(team_key).collect())
    }

    /// The part of the workspace `filter` selects (a copy; the whole when the filter is all).
    pub fn restrict(&self, filter: &Filter) -> Workspace {
        if filter.is_all() {
            return self.clone();
        }
        let shop_ok = |shop: &str| filter.shop.as_deref().is_none_or(|s| s == shop);
        let staff_ok = |s: &Staff| {
            (filter.shop.is_none() || s.shop.is_empty() || shop_ok(&s.shop))
                && filter.team.as_deref().is_none_or(|t| team_key(s) == t)
        };
        let staff: Vec<Staff> = self.staff.iter().filter(|s| staff_ok(s)).cloned().collect();
        // Accounts and names of the team's agents (attendance knows people by name).
        let accounts: HashSet<&str> = staff.iter().map(|s| s.account.as_str()).collect();
        let names: HashSet<&str> = staff.iter().map(|s| s.name.as_str()).collect();
        let in_team = |account: &str| filter.team.is_none() || accounts.contains(account);

        let mut chats = self.chats.clone();
        let is_agent = |m: &super::ChatMessage| m.kind == super::MsgKind::Agent;
        chats.threads.retain_mut(|t| {
            if !shop_ok(&t.shop) {
                return false;
            }
            if filter.team.is_none() {
                return true;
            }
            let ours = |id: super::NameId| in_team(self.chats.name(id));
            let first_is_ours = t.messages.iter().find(|m| is_agent(m)).is_some_and(|m| ours(m.from));
            // The team's part of the conversation: up to the first reply from another team or
            // the hand-over to one, so neither team's figures hold the other's agents.
            let handed_over = |m: &super::ChatMessage| match m.kind {
                super::MsgKind::Agent => !ours(m.from),
                super::MsgKind::Transfer { to } => !ours(m.from) || !ours(to),
                _ => false,
            };
            if let Some(cut) = t.messages.iter().position(handed_over) {
                t.messages.truncate(cut);
            }
            // Automatic replies sent under another team's account are not this team's.
            t.messages.retain(|m| m.kind != super::MsgKind::Auto || ours(m.from));
            first_is_ours
        });
        let orders: Vec<_> = self.orders.iter().filter(|o| shop_ok(&o.shop)).cloned().collect();
        let order_ids: HashSet<&str> = orders.iter().map(|o| o.id.as_str()).collect();
        Workspace {
            chats,
            sub_orders: self
                .sub_orders
                .iter()
                .filter(|s| filter.shop.is_none() || order_ids.contains(s.order_id.as_str()))
                .cloned()
                .collect(),
            orders,
            refunds: self.refunds.iter().filter(|r| shop_ok(&r.shop)).cloned().collect(),
            reviews: self.reviews.iter().filter(|r| shop_ok(&r.shop)).cloned().collect(),
            agent_stats: self
                .agent_stats
                .iter()
                .filter(|s| {
                    let shop = s.agent.split_once(':').map(|(shop, _)| shop);
                    shop.is_none_or(&shop_ok) && in_team(&s.agent)
                })
                .cloned()
                .collect(),
            attendance: self
                .attendance
                .iter()
                .filter(|a| {
                    filter.team.is_none() && filter.shop.is_none()
                        || a.account.as_deref().is_some_and(|acc| accounts.contains(acc))
                        || names.contains(a.name.as_str())
                })
                .cloned()
                .collect(),
            staff,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoConfig, generate_simple};
    use crate::model::MsgKind;

    fn demo() -> Workspace {
        Workspace::from(generate_simple(&DemoConfig { days: 4, ..DemoConfig::default() }))
    }

    /// The demo with a second shop: a copy of its chats, orders and staff under another name.
    fn two_shops() -> (Workspace, String, String) {
        let mut ws = demo();
        let first = ws.staff[0].shop.clone();
        let second = "第二分店".to_owned();
        let mut other = ws.clone();
        for t in &mut other.chats.threads {
            t.shop = second.clone();
        }
        for o in &mut other.orders {
            o.shop = second.clone();
            o.id = format!("2-{}", o.id);
        }
        other.sub_orders.clear();
        for s in &mut other.staff {
            s.shop = second.clone();
            s.account = s.account.replacen(&first, &second, 1);
        }
        ws.chats.threads.extend(other.chats.threads);
        ws.orders.extend(other.orders);
        ws.staff.extend(other.staff);
        (ws, first, second)
    }

    #[test]
    fn the_datasets_choices_add_up_to_the_workspaces() {
        let (ws, _, _) = two_shops();
        let data = [
            DatasetData::Chats(ws.chats.clone()),
            DatasetData::Orders(ws.orders.clone()),
            DatasetData::Staff(ws.staff.clone()),
            DatasetData::Reviews(ws.reviews.clone()),
            DatasetData::Refunds(ws.refunds.clone()),
        ];
        let each: Vec<FilterChoices> = data.iter().map(filter_choices_of).collect();
        assert_eq!(FilterChoices::union(&each), ws.filter_choices());
        assert!(ws.filter_choices().worth_showing());
        assert!(!FilterChoices::default().worth_showing());
    }

    #[test]
    fn all_is_the_whole_workspace() {
        let ws = demo();
        assert_eq!(ws.restrict(&Filter::default()), ws);
    }

    #[test]
    fn choices_list_shops_and_role_teams() {
        let (ws, first, second) = two_shops();
        let c = ws.filter_choices();
        assert_eq!(c.shops, {
            let mut v = vec![first, second];
            v.sort();
            v
        });
        assert_eq!(c.teams, ["@after", "@pre"]);
        assert_eq!(team_label("@pre", Lang::Zh), "售前组");
        assert_eq!(team_label("@after", Lang::En), "After-sale team");
        assert_eq!(team_label("直播组", Lang::En), "直播组");
    }

    #[test]
    fn a_shop_keeps_only_its_records() {
        let (ws, _, second) = two_shops();
        let f = Filter { shop: Some(second.clone()), team: None };
        let r = ws.restrict(&f);
        assert!(!r.chats.threads.is_empty() && !r.orders.is_empty() && !r.staff.is_empty());
        assert!(r.chats.threads.iter().all(|t| t.shop == second));
        assert!(r.orders.iter().all(|o| o.shop == second));
        assert!(r.staff.iter().all(|s| s.shop == second));
        assert_eq!(r.chats.threads.len() * 2, ws.chats.threads.len());
        assert!(r.sub_orders.is_empty(), "the copy has no sub-orders");
    }

    #[test]
    fn a_team_keeps_the_conversations_its_agents_answered_first() {
        let ws = demo();
        let team = "@after".to_owned();
        let r = ws.restrict(&Filter { shop: None, team: Some(team.clone()) });
        assert!(!r.staff.is_empty() && r.staff.iter().all(|s| team_key(s) == team));
        assert!(r.staff.len() < ws.staff.len());
        let accounts: HashSet<&str> = r.staff.iter().map(|s| s.account.as_str()).collect();
        assert!(!r.chats.threads.is_empty());
        for t in &r.chats.threads {
            let first = t.messages.iter().find(|m| m.kind == MsgKind::Agent).expect("answered");
            assert!(accounts.contains(r.chats.name(first.from)));
        }
        for t in &r.chats.threads {
            for m in t.messages.iter().filter(|m| m.kind == MsgKind::Agent) {
                assert!(accounts.contains(r.chats.name(m.from)), "another team's reply is left out");
            }
        }
        assert!(r.agent_stats.iter().all(|s| accounts.contains(s.agent.as_str())));
        let names: HashSet<&str> = r.staff.iter().map(|s| s.name.as_str()).collect();
        assert!(
            r.attendance.iter().all(|a| names.contains(a.name.as_str())
                || a.account.as_deref().is_some_and(|x| accounts.contains(x)))
        );
        // Every agent the KPI engine sees in the team's data is one of the team's.
        let inputs = crate::kpi::KpiInputs {
            chats: vec![&r.chats],
            orders: r.orders.iter().collect(),
            refunds: r.refunds.iter().collect(),
            reviews: r.reviews.iter().collect(),
            stats: r.agent_stats.iter().collect(),
            staff: r.staff.iter().collect(),
            attendance: r.attendance.iter().collect(),
        };
        let idx = crate::kpi::KpiIndex::build(&inputs, &crate::kpi::KpiConfig::default());
        for a in &idx.agents {
            assert!(accounts.contains(a.account.as_str()), "{} is not in the team", a.account);
        }
        // Pre-sale and after-sale together hold every answered conversation.
        let pre = ws.restrict(&Filter { shop: None, team: Some("@pre".into()) });
        let answered =
            ws.chats.threads.iter().filter(|t| t.messages.iter().any(|m| m.kind == MsgKind::Agent)).count();
        assert_eq!(pre.chats.threads.len() + r.chats.threads.len(), answered);
    }

    #[test]
    fn a_team_column_wins_over_the_role() {
        let mut ws = demo();
        ws.staff[0].team = "夜班组".into();
        assert_eq!(team_key(&ws.staff[0]), "夜班组");
        assert!(ws.filter_choices().teams.contains(&"夜班组".to_owned()));
        let r = ws.restrict(&Filter { shop: None, team: Some("夜班组".into()) });
        assert_eq!(r.staff.len(), 1);
    }
}
