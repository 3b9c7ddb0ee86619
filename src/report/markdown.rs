//! The Markdown format: the same rows as the terminal table, as a GitHub-flavoured table.

use super::sheet::Sheet;

/// Title as a paragraph, the table (numeric columns right-aligned), notes as a list.
pub fn render(sheet: &Sheet) -> String {
    let mut out = String::new();
    for line in &sheet.title {
        out.push_str(&format!("**{}**\n\n", escape(line)));
    }
    let row = |cells: &[String]| {
        format!(
            "| {} |\n",
            cells
                .iter()
                .map(|c| escape(c))
                .collect::<Vec<_>>()
                .join(" | ")
        )
    };
    out.push_str(&row(&sheet.header));
    let rule: Vec<String> = (0..sheet.header.len())
        .map(|i| {
            if sheet.right_aligned.contains(&i) {
                "---:".to_string()
            } else {
                "---".to_string()
            }
        })
        .collect();
    out.push_str(&format!("|{}|\n", rule.join("|")));
    for r in &sheet.rows {
        out.push_str(&row(r));
    }
    if !sheet.notes.is_empty() {
        out.push('\n');
        for note in &sheet.notes {
            out.push_str(&format!("- {}\n", escape(note)));
        }
    }
    out
}

/// Pipes would end a cell early; `*` and `_` in ids would start emphasis.
fn escape(text: &str) -> String {
    text.replace('|', "\\|")
        .replace('*', "\\*")
        .replace('_', "\\_")
}
