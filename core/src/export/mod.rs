//! Writers that produce files exactly like the back-office exports and chat tools do.
//!
//! These imitate what the Taobao/Tmall seller back-office (千牛 / 卖家中心), the 赤兔 reports,
//! 钉钉 attendance, review plug-ins and community chat exporters write, *including their
//! quirks* (GBK encoding, `="…"` id cells, trailing spaces in headers, unpadded dates, 汇总/均值
//! rows, `已读` noise lines …), because the import engine is tested against them and the demo
//! workspace is offered to users as "the files your back-office would give you". See
//! `shared/domain.md` §3 for the formats.
//!
//! They are **not** the app's own report exports: cell values are written verbatim and
//! [`crate::privacy::neutralise_cell`] is deliberately *not* applied (a real export may well
//! contain a cell starting with `=`; the `="…"` id cells are such formulas on purpose). The
//! app's own reports, which must neutralise formulas and mask personal data, live elsewhere.
//!
//! Every writer is generic over [`std::io::Write`], streams record by record (give it a
//! `BufWriter`), flushes at the end and returns the number of data rows written (messages for
//! chat logs; header, 汇总 and 均值 rows not counted). XLSX files are the exception to
//! streaming: the workbook is built in memory and its bytes written in one go, which is how
//! a zip container has to be finished anyway.
//!
//! - [`backoffice`]: the tables (订单报表, 宝贝报表, 退款报表, 评价, 客服接待数据, 客服名单, 考勤).
//! - [`chat`]: chat logs as 千牛 copied text, as the generic CSV and as per-buyer JSON.
//! - [`demo_files`]: lays a whole [`crate::demo::DemoWorkspace`] out as the set of files.

pub mod backoffice;
pub mod chat;
pub mod demo_files;
mod text;

pub use backoffice::{
    agent_stats_xlsx, attendance_csv, orders_csv, refunds_xlsx, reviews_csv, staff_csv, sub_orders_csv,
};
pub use chat::{buyer_json, chat_csv, conversation_key, qianniu_day};
pub use demo_files::{DemoContent, DemoFile, WrittenFile, demo_files, safe_file_name, write_demo_files};
