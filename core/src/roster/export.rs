//! Roster outputs as text: the plain-text sheet (CLI), CSV (one row per agent, one column per
//! date, Chinese shift codes, UTF-8 with BOM so Excel opens it) and iCalendar (one VEVENT per
//! shift, floating local times — China Standard Time, as every time in the app).

use chrono::Duration;

use super::kefu::Model;
use super::model::{OFF, Roster};
use crate::Lang;

fn cell(model: &Model, roster: &Roster, a: usize, d: usize) -> u8 {
    roster.cells.get(a * model.plan.days as usize + d).copied().unwrap_or(OFF)
}

/// Fixed-width text sheet: agent id then one code per day.
pub fn roster_text(model: &Model, roster: &Roster) -> String {
    let mut out = String::new();
    for (a, ag) in model.plan.agents.iter().enumerate() {
        out.push_str(&format!("{:<8}", ag.id));
        for d in 0..model.plan.days as usize {
            out.push(' ');
            out.push_str(&model.cell_label(cell(model, roster, a, d)));
        }
        out.push('\n');
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() }
}

/// The weekly/monthly roster sheet as CSV.
pub fn roster_csv(model: &Model, roster: &Roster, lang: Lang) -> String {
    let p = &model.plan;
    let mut out = String::from("\u{feff}");
    let mut head = vec![lang.pick("工号", "ID").to_owned(), lang.pick("姓名", "Name").to_owned()];
    for d in 0..p.days as usize {
        head.push(p.date(d).format("%Y-%m-%d").to_string());
    }
    head.push(lang.pick("工时", "Hours").to_owned());
    out.push_str(&head.iter().map(|h| csv_field(h)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    let hours = model.hours(roster);
    for (a, ag) in p.agents.iter().enumerate() {
        let mut row = vec![csv_field(&ag.id), csv_field(&ag.name)];
        for d in 0..p.days as usize {
            row.push(csv_field(&model.cell_label(cell(model, roster, a, d))));
        }
        row.push(format!("{:.1}", hours[a].paid_minutes as f64 / 60.0));
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

fn ics_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

/// A personal schedule as iCalendar (RFC 5545). `stamp` is the generation time as
/// `YYYYMMDDTHHMMSSZ` (passed in: the core has no clock).
pub fn agent_ics(model: &Model, roster: &Roster, agent: usize, stamp: &str) -> String {
    let p = &model.plan;
    let mut out = String::new();
    out.push_str(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kefu Workbench//Roster//ZH\r\nCALSCALE:GREGORIAN\r\n",
    );
    let Some(ag) = p.agents.get(agent) else {
        out.push_str("END:VCALENDAR\r\n");
        return out;
    };
    for d in 0..p.days as usize {
        let v = cell(model, roster, agent, d);
        if v == OFF || v as usize >= model.types.len() {
            continue;
        }
        let t = &p.templates[model.types[v as usize].0];
        let start = p.date(d).and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(t.start as i64);
        let end = start + Duration::minutes(t.length as i64);
        out.push_str("BEGIN:VEVENT\r\n");
        out.push_str(&format!(
            "UID:{}-{}-{}@kefu-roster\r\n",
            ics_escape(&ag.id),
            p.date(d).format("%Y%m%d"),
            v
        ));
        out.push_str(&format!("DTSTAMP:{stamp}\r\n"));
        out.push_str(&format!("DTSTART:{}\r\n", start.format("%Y%m%dT%H%M%S")));
        out.push_str(&format!("DTEND:{}\r\n", end.format("%Y%m%dT%H%M%S")));
        out.push_str(&format!(
            "SUMMARY:{}\r\n",
            ics_escape(&format!("{} {}", model.cell_label(v), t.span()))
        ));
        out.push_str("END:VEVENT\r\n");
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}
