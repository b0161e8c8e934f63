//! SVG pictures rasterised to anti-aliased PNG with resvg, in the bundled font only (the same
//! picture on every machine).

use crate::chart::{FONT, FONT_FAMILY};
use crate::error::CliError;
use resvg::{tiny_skia, usvg};
use std::sync::Arc;

/// The most pixels a PNG may have (8000x8000, the largest plot; 256 MB while it is drawn).
pub const MAX_PIXELS: u64 = 64_000_000;

/// The SVG document `svg` drawn at its own size and encoded as PNG.
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, CliError> {
    let mut db = usvg::fontdb::Database::new();
    db.load_font_data(FONT.to_vec());
    db.set_sans_serif_family(FONT_FAMILY);
    db.set_monospace_family(FONT_FAMILY);
    db.set_serif_family(FONT_FAMILY);
    let opt = usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        fontdb: Arc::new(db),
        ..usvg::Options::default()
    };
    let internal = |what: &str, e: &dyn std::fmt::Display| {
        CliError::new(format!("internal error: {what}: {e}"))
    };
    let tree = usvg::Tree::from_str(svg, &opt).map_err(|e| internal("bad SVG", &e))?;
    let size = tree.size().to_int_size();
    let pixels = u64::from(size.width()) * u64::from(size.height());
    if pixels > MAX_PIXELS {
        return Err(CliError::new(format!(
            "the picture would be {}x{} pixels, more than a PNG may have ({MAX_PIXELS}): write SVG instead",
            size.width(),
            size.height()
        )));
    }
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| CliError::new("the picture is too large to rasterise"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| internal("PNG encoding failed", &e))
}

/// Writes `bytes` to `path`, with a clear message when that fails.
pub fn write_file(path: &str, bytes: &[u8]) -> Result<(), CliError> {
    std::fs::write(path, bytes).map_err(|e| CliError::new(format!("cannot write {path}: {e}")))
}
