//! The team: one row per customer-service agent (客服).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Lang;

/// 售前 (pre-sale: enquiries, conversion) or 售后 (after-sale: returns, refunds, complaints).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    PreSale,
    AfterSale,
}

impl Role {
    pub const ALL: [Role; 2] = [Role::PreSale, Role::AfterSale];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::PreSale => lang.pick("售前", "Pre-sale"),
            Role::AfterSale => lang.pick("售后", "After-sale"),
        }
    }

    /// The Chinese label as exports write it.
    pub fn zh(self) -> &'static str {
        self.label(Lang::Zh)
    }
}

/// One agent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Staff {
    /// Sub-account, `店铺名:昵称` (e.g. `棉语旗舰店:小美`); the key that chats and stats use.
    pub account: String,
    /// Real name (姓名). Personal data: masked in prints by default.
    pub name: String,
    /// 店铺名称.
    pub shop: String,
    /// Main role.
    pub role: Role,
    /// Roles the agent can also cover (for rostering); always contains `role`.
    pub skills: Vec<Role>,
    /// Level such as 初级/中级/高级/专家, free text.
    #[serde(default)]
    pub level: String,
    /// 入职日期.
    pub hired: NaiveDate,
    /// Contracted hours per week.
    #[serde(default = "default_weekly_hours")]
    pub weekly_hours: u32,
    /// Whether night shifts may be given.
    #[serde(default)]
    pub nights_ok: bool,
    /// Contact phone, personal data.
    #[serde(default)]
    pub phone: Option<String>,
    /// Still on the team.
    #[serde(default = "yes")]
    pub active: bool,
    /// 班组 (team within the shop); empty: the role's group (see `model::filter`).
    #[serde(default)]
    pub team: String,
}

fn default_weekly_hours() -> u32 {
    40
}

fn yes() -> bool {
    true
}

impl Staff {
    /// The part after the colon of the sub-account (`小美` for `棉语旗舰店:小美`).
    pub fn nick(&self) -> &str {
        self.account.split_once(':').map(|(_, n)| n).unwrap_or(&self.account)
    }
}
