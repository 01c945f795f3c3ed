//! Reader for the Curtois & Qu employee shift scheduling benchmark (schedulingbenchmarks.org,
//! `.txt` format) into a [`Problem`], and the benchmark's objective.
//!
//! Objective: Σ weights of unmet shift-on requests and violated shift-off requests + Σ under-
//! and over-cover × their weights; everything else is hard. Our evaluation returns exactly this
//! as `Score::soft` when `Score::hard == 0`. Horizon-boundary convention (as the public
//! validators): days before and after the horizon count as off, so a work run at either end must
//! meet the minimum consecutive shifts, and an off run at either end is never too short.

use std::collections::HashMap;

use super::model::{Cover, Problem, Request, ShiftDef, StaffRules};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CurtoisError {
    #[error("Curtois 文件第 {line} 行：{what} / Curtois file line {line}: {what}")]
    Line { line: usize, what: String },
    #[error("Curtois 文件缺少 {0} 段 / Curtois file lacks section {0}")]
    Missing(&'static str),
}

fn err(line: usize, what: impl Into<String>) -> CurtoisError {
    CurtoisError::Line { line, what: what.into() }
}

fn num<T: std::str::FromStr>(s: &str, line: usize, what: &str) -> Result<T, CurtoisError> {
    s.trim().parse().map_err(|_| err(line, format!("{what} `{s}` is not a number")))
}

/// Parses an instance file.
pub fn read_curtois(text: &str) -> Result<Problem, CurtoisError> {
    let mut section = "";
    let mut horizon: Option<u16> = None;
    let mut shifts: Vec<ShiftDef> = Vec::new();
    let mut forbid_raw: Vec<(usize, Vec<String>, usize)> = Vec::new();
    let mut staff: Vec<StaffRules> = Vec::new();
    let mut max_raw: Vec<(usize, String)> = Vec::new();
    let mut cover: Vec<Cover> = Vec::new();
    let mut cover_of: HashMap<(u16, usize), usize> = HashMap::new();
    let mut lines_on: Vec<(usize, String)> = Vec::new();
    let mut lines_off: Vec<(usize, String)> = Vec::new();
    let mut lines_days_off: Vec<(usize, String)> = Vec::new();
    let mut lines_cover: Vec<(usize, String)> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let l = raw.trim().trim_start_matches('\u{feff}');
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if l.starts_with("SECTION_") {
            section = match l {
                "SECTION_HORIZON"
                | "SECTION_SHIFTS"
                | "SECTION_STAFF"
                | "SECTION_DAYS_OFF"
                | "SECTION_SHIFT_ON_REQUESTS"
                | "SECTION_SHIFT_OFF_REQUESTS"
                | "SECTION_COVER" => l,
                _ => return Err(err(line, format!("unknown section {l}"))),
            };
            continue;
        }
        match section {
            "SECTION_HORIZON" => horizon = Some(num(l, line, "horizon")?),
            "SECTION_SHIFTS" => {
                let f: Vec<&str> = l.split(',').collect();
                if f.len() < 2 {
                    return Err(err(line, "shift needs id, minutes, forbidden followers"));
                }
                let forbid: Vec<String> = f
                    .get(2)
                    .map(|x| x.split('|').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
                    .unwrap_or_default();
                forbid_raw.push((shifts.len(), forbid, line));
                shifts.push(ShiftDef {
                    code: f[0].trim().to_owned(),
                    minutes: num(f[1], line, "shift length")?,
                    group: shifts.len() as u16,
                    ..ShiftDef::default()
                });
            }
            "SECTION_STAFF" => {
                let f: Vec<&str> = l.split(',').collect();
                if f.len() < 8 {
                    return Err(err(line, "staff needs 8 fields"));
                }
                max_raw.push((line, f[1].to_owned()));
                staff.push(StaffRules {
                    id: f[0].trim().to_owned(),
                    max_minutes: num(f[2], line, "MaxTotalMinutes")?,
                    min_minutes: num(f[3], line, "MinTotalMinutes")?,
                    max_consecutive: num(f[4], line, "MaxConsecutiveShifts")?,
                    min_consecutive: num(f[5], line, "MinConsecutiveShifts")?,
                    min_consecutive_off: num(f[6], line, "MinConsecutiveDaysOff")?,
                    max_weekends: num(f[7], line, "MaxWeekends")?,
                    ..StaffRules::default()
                });
            }
            "SECTION_DAYS_OFF" => lines_days_off.push((line, l.to_owned())),
            "SECTION_SHIFT_ON_REQUESTS" => lines_on.push((line, l.to_owned())),
            "SECTION_SHIFT_OFF_REQUESTS" => lines_off.push((line, l.to_owned())),
            "SECTION_COVER" => lines_cover.push((line, l.to_owned())),
            _ => return Err(err(line, "data before any section")),
        }
    }
    let days = horizon.ok_or(CurtoisError::Missing("SECTION_HORIZON"))?;
    if shifts.is_empty() {
        return Err(CurtoisError::Missing("SECTION_SHIFTS"));
    }
    if staff.is_empty() {
        return Err(CurtoisError::Missing("SECTION_STAFF"));
    }
    let shift_ix: HashMap<String, usize> =
        shifts.iter().enumerate().map(|(i, s)| (s.code.clone(), i)).collect();
    let staff_ix: HashMap<String, usize> = staff.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
    let sh = |name: &str, line: usize| {
        shift_ix.get(name.trim()).copied().ok_or_else(|| err(line, format!("unknown shift `{name}`")))
    };
    let st = |name: &str, line: usize| {
        staff_ix.get(name.trim()).copied().ok_or_else(|| err(line, format!("unknown staff `{name}`")))
    };
    let day = |s: &str, line: usize| -> Result<u16, CurtoisError> {
        let d: u16 = num(s, line, "day")?;
        if d >= days {
            return Err(err(line, format!("day {d} beyond the horizon of {days}")));
        }
        Ok(d)
    };
    for (i, names, line) in forbid_raw {
        for nm in names {
            let j = sh(&nm, line)?;
            shifts[i].forbid_next.push(j as u16);
        }
    }
    let ns = shifts.len();
    for (k, (line, spec)) in max_raw.into_iter().enumerate() {
        let mut max = vec![u32::MAX; ns];
        for part in spec.split('|').filter(|p| !p.trim().is_empty()) {
            let (name, v) = part.split_once('=').ok_or_else(|| err(line, format!("max shifts `{part}`")))?;
            max[sh(name, line)?] = num(v, line, "max shifts")?;
        }
        staff[k].max_shifts = max;
    }
    for (line, l) in lines_days_off {
        let f: Vec<&str> = l.split(',').collect();
        let i = st(f[0], line)?;
        for d in f.iter().skip(1).filter(|x| !x.trim().is_empty()) {
            let d = day(d, line)?;
            staff[i].days_off.push(d);
        }
    }
    for (on, list) in [(true, lines_on), (false, lines_off)] {
        for (line, l) in list {
            let f: Vec<&str> = l.split(',').collect();
            if f.len() < 4 {
                return Err(err(line, "request needs staff, day, shift, weight"));
            }
            let i = st(f[0], line)?;
            let r = Request {
                day: day(f[1], line)?,
                shift: Some(sh(f[2], line)? as u16),
                weight: num(f[3], line, "weight")?,
            };
            if on { staff[i].on_requests.push(r) } else { staff[i].off_requests.push(r) }
        }
    }
    for (line, l) in lines_cover {
        let f: Vec<&str> = l.split(',').collect();
        if f.len() < 5 {
            return Err(err(line, "cover needs day, shift, requirement, under, over"));
        }
        let d = day(f[0], line)?;
        let s = sh(f[1], line)?;
        let c = Cover {
            day: d,
            label: shifts[s].code.clone(),
            requirement: num(f[2], line, "requirement")?,
            under_weight: num(f[3], line, "under weight")?,
            over_weight: num(f[4], line, "over weight")?,
        };
        cover_of.insert((d, s), cover.len());
        cover.push(c);
    }
    let mut contrib = vec![Vec::new(); days as usize * ns];
    for ((d, s), c) in &cover_of {
        contrib[*d as usize * ns + *s].push(*c as u32);
    }
    let p = Problem { days, first_weekday: 0, month_of_day: Vec::new(), shifts, staff, cover, contrib };
    p.validate().map_err(|e| err(0, e.to_string()))?;
    Ok(p)
}

/// Best-known objective of instances 1–10 (README of the benchmark copy) and the 60-second
/// CP-SAT figures of domain.md §7.
pub const BEST_KNOWN: [i64; 10] = [607, 828, 1001, 1716, 1143, 1950, 1056, 1300, 439, 4631];
pub const CP_SAT_60S: [i64; 10] = [607, 828, 1001, 1718, 1351, 2047, 1075, 3021, 1853, 7823];
