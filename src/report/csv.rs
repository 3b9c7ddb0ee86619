//! The CSV format: a header row from the row type's field names, then one record per row, every
//! decimal at full precision (the `csv` crate quotes fields as RFC 4180 requires).

use serde::Serialize;

use crate::error::{Error, Result};

/// Rows as CSV text with a header.
pub fn render<R: Serialize>(rows: &[R]) -> Result<String> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer
            .serialize(row)
            .map_err(|e| Error::Render(format!("CSV: {e}")))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Error::Render(format!("CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Render(format!("CSV: {e}")))
}
