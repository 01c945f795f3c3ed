//! Attendance (考勤): scheduled shift and clock-in/out per person per day, as 钉钉/企业微信
//! exports write them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Lang, Ts};

/// 考勤结果.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AttendanceStatus {
    /// 正常
    Normal,
    /// 迟到
    Late,
    /// 早退
    EarlyLeave,
    /// 迟到+早退
    LateAndEarly,
    /// 缺卡 (one clock missing)
    MissingClock,
    /// 旷工
    Absent,
    /// 请假
    Leave,
    /// 休息
    Rest,
}

impl AttendanceStatus {
    pub fn label(self, lang: Lang) -> &'static str {
        use AttendanceStatus::*;
        match self {
            Normal => lang.pick("正常", "Normal"),
            Late => lang.pick("迟到", "Late"),
            EarlyLeave => lang.pick("早退", "Left early"),
            LateAndEarly => lang.pick("迟到 早退", "Late, left early"),
            MissingClock => lang.pick("缺卡", "Missing clock"),
            Absent => lang.pick("旷工", "Absent"),
            Leave => lang.pick("请假", "Leave"),
            Rest => lang.pick("休息", "Rest"),
        }
    }

    /// Whether the person was expected at work that day.
    pub fn scheduled(self) -> bool {
        !matches!(self, AttendanceStatus::Rest | AttendanceStatus::Leave)
    }
}

/// One person on one day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attendance {
    /// 姓名 as the attendance system knows the person — personal data.
    pub name: String,
    /// Sub-account, when the export or the staff list links it.
    #[serde(default)]
    pub account: Option<String>,
    /// 日期.
    pub date: NaiveDate,
    /// 班次, e.g. `早班 08:00-16:30`; empty on rest days.
    #[serde(default)]
    pub shift: String,
    /// Scheduled start and end.
    pub start: Option<Ts>,
    pub end: Option<Ts>,
    /// 上班打卡 / 下班打卡.
    pub clock_in: Option<Ts>,
    pub clock_out: Option<Ts>,
    /// 考勤结果.
    pub status: AttendanceStatus,
    /// 迟到分钟.
    #[serde(default)]
    pub late_minutes: u32,
    /// 早退分钟.
    #[serde(default)]
    pub early_minutes: u32,
    /// 备注 (leave type, approval…).
    #[serde(default)]
    pub note: String,
}
