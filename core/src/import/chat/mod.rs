//! (stub — to be written) Chat logs from 千牛 text, JSON exports and chat tables.
use super::rows::{BuildCtx, Builder};
use super::schema::Layout;

/// The builder of the chat table layouts ([`Layout::ChatRows`], [`Layout::ChatTranscripts`]).
pub fn table_builder(layout: Layout, ctx: &BuildCtx<'_>) -> Box<dyn Builder> {
    let _ = (layout, ctx);
    unimplemented!("chat table builders")
}
