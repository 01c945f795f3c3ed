//! Training material as [`Table`]s for XLSX/CSV download and printing: the script library, the
//! plan's sessions with their before/after check, the team's checklist progress and the
//! meeting actions. Writers: [`crate::registers::table`].

use super::{ChecklistItem, MeetingAction, PlanView, Script, SignOff};
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::registers::table::{Cell, Table};

fn cols(lang: Lang, list: &[(&str, &str)]) -> Vec<String> {
    list.iter().map(|(zh, en)| lang.pick(zh, en).to_owned()).collect()
}

/// The script library.
pub fn library_table(scripts: &[Script], lang: Lang) -> Table {
    Table {
        title: lang.pick("话术库", "Script library").into(),
        columns: cols(
            lang,
            &[
                ("编号", "ID"),
                ("分类", "Category"),
                ("场景", "Title"),
                ("话术", "Reply"),
                ("关键词", "Keywords"),
            ],
        ),
        rows: scripts
            .iter()
            .map(|s| {
                vec![
                    Cell::text(&s.id),
                    Cell::text(s.category.label(lang)),
                    Cell::text(&s.title),
                    Cell::text(&s.text),
                    Cell::text(s.tags.join(";")),
                ]
            })
            .collect(),
        highlight: Vec::new(),
    }
}

/// The plan's sessions with attendance and the before/after pass rates.
pub fn sessions_table(plan: &PlanView, lang: Lang) -> Table {
    let pct = |x: Option<f64>| x.map_or(Cell::Empty, Cell::Num);
    Table {
        title: lang.pick("培训计划", "Training plan").into(),
        columns: cols(
            lang,
            &[
                ("日期", "Date"),
                ("主题", "Title"),
                ("讲师", "Trainer"),
                ("应到", "Invited"),
                ("实到", "Present"),
                ("培训前通过率", "Pass rate before"),
                ("培训后通过率", "Pass rate after"),
                ("变化", "Change"),
            ],
        ),
        rows: plan
            .sessions
            .iter()
            .map(|(s, ba)| {
                let (present, _) = s.attendance();
                vec![
                    Cell::Date(s.date),
                    Cell::text(&s.title),
                    Cell::text(&s.trainer),
                    Cell::Num(s.attendees.len() as f64),
                    Cell::Num(present as f64),
                    pct(ba.before.pass_rate),
                    pct(ba.after.pass_rate),
                    pct(ba.change),
                ]
            })
            .collect(),
        highlight: Vec::new(),
    }
}

/// Checklist progress: one row per agent × item, signed or not.
pub fn checklist_table(
    items: &[ChecklistItem],
    signoffs: &[SignOff],
    agents: &[String],
    lang: Lang,
) -> Table {
    let mut rows = Vec::new();
    let mut highlight = Vec::new();
    for a in agents {
        let view = super::checklist_view(items, signoffs, a, lang);
        for r in view.rows {
            if r.signed.is_none() {
                highlight.push(rows.len());
            }
            rows.push(vec![
                Cell::text(a),
                Cell::text(r.section),
                Cell::text(r.label),
                r.signed.as_ref().map_or(Cell::Empty, |s| Cell::Date(s.date)),
                r.signed.as_ref().map_or(Cell::Empty, |s| Cell::text(&s.by)),
            ]);
        }
    }
    Table {
        title: lang.pick("新人上岗清单", "New-hire checklist").into(),
        columns: cols(
            lang,
            &[
                ("客服", "Agent"),
                ("类别", "Section"),
                ("项目", "Item"),
                ("签核日期", "Signed on"),
                ("签核人", "Signed by"),
            ],
        ),
        rows,
        highlight,
    }
}

/// Meeting actions (open ones highlighted).
pub fn actions_table(actions: &[MeetingAction], lang: Lang) -> Table {
    let mut a: Vec<&MeetingAction> = actions.iter().collect();
    a.sort_by(|x, y| x.week.cmp(&y.week).then(x.id.cmp(&y.id)));
    Table {
        title: lang.pick("例会行动项", "Meeting actions").into(),
        columns: cols(
            lang,
            &[("周", "Week"), ("行动项", "Action"), ("负责人", "Owner"), ("截止", "Due"), ("状态", "Status")],
        ),
        highlight: a.iter().enumerate().filter(|(_, x)| !x.done).map(|(i, _)| i).collect(),
        rows: a
            .iter()
            .map(|x| {
                vec![
                    Cell::Date(x.week),
                    Cell::text(&x.text),
                    Cell::text(&x.owner),
                    x.due.map_or(Cell::Empty, Cell::Date),
                    Cell::text(if x.done {
                        lang.pick("已完成", "Done")
                    } else {
                        lang.pick("进行中", "Open")
                    }),
                ]
            })
            .collect(),
    }
}

/// Which training or register table to download (`jobs::Request::TrainingExport`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// The script library (CSV in the import format, so it reads back with `scripts_from_csv`).
    Library,
    Sessions,
    Checklist,
    Actions,
    Complaints,
    /// Rewards and penalties of the month containing `day` (`None`: the data's last month).
    Rewards {
        day: Option<chrono::NaiveDate>,
    },
}
