//! The SVG line chart of a sweep (plotters, SVG backend): one line per series, labelled axes in
//! dollars, log scales where asked, crossings marked. Coordinates are `f64` because drawing needs
//! them; every figure printed in a report comes from the exact decimals, never from here.

use plotters::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::error::{Error, Result};
use crate::workload::sweep::Sweep;

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// Draws `sweep` as SVG text.
pub fn svg(sweep: &Sweep) -> Result<String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (960, 600)).into_drawing_area();
        draw(&root, sweep).map_err(|e| Error::Render(format!("cannot draw the chart: {e}")))?;
        root.present()
            .map_err(|e| Error::Render(format!("cannot draw the chart: {e}")))?;
    }
    Ok(out)
}

type DrawResult = std::result::Result<(), Box<dyn std::error::Error>>;

fn draw(root: &DrawingArea<SVGBackend, plotters::coord::Shift>, sweep: &Sweep) -> DrawResult {
    root.fill(&WHITE)?;
    let xs: Vec<f64> = sweep.values.iter().map(|v| f(*v)).collect();
    let ys: Vec<f64> = sweep
        .series
        .iter()
        .flat_map(|s| {
            s.totals
                .iter()
                .filter_map(|t| t.as_ref().ok())
                .map(|t| f(*t))
        })
        .collect();
    let (x0, x1) = (xs[0], xs[xs.len() - 1]);
    let y_max = ys.iter().copied().fold(f64::MIN, f64::max).max(1e-9) * 1.08;
    let y_min_pos = ys
        .iter()
        .copied()
        .filter(|y| *y > 0.0)
        .fold(f64::MAX, f64::min);
    let caption = format!(
        "Cost per {} as {} varies",
        sweep.period.name(),
        sweep.field.name()
    );
    let x_desc = format!(
        "{}{}",
        sweep.field.name(),
        if sweep.log { " (log scale)" } else { "" }
    );
    let y_desc = format!(
        "USD per {}{}",
        sweep.period.name(),
        if sweep.log { " (log scale)" } else { "" }
    );
    let mut builder = ChartBuilder::on(root);
    builder
        .caption(caption, ("sans-serif", 22))
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(86);
    macro_rules! plot {
        ($chart:expr) => {{
            let mut chart = $chart;
            chart
                .configure_mesh()
                .x_desc(x_desc.as_str())
                .y_desc(y_desc.as_str())
                .y_label_formatter(&|y| format!("${y:.2}"))
                .draw()?;
            for (i, s) in sweep.series.iter().enumerate() {
                let color = Palette99::pick(i).to_rgba();
                let points: Vec<(f64, f64)> = xs
                    .iter()
                    .zip(&s.totals)
                    .filter_map(|(x, t)| t.as_ref().ok().map(|t| (*x, f(*t))))
                    .filter(|(_, y)| !sweep.log || *y > 0.0)
                    .collect();
                chart
                    .draw_series(LineSeries::new(points, color.stroke_width(2)))?
                    .label(s.label.as_str())
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
                    });
            }
            for c in &sweep.crossings {
                let (x, y) = (f(c.at), f(c.cost));
                chart.draw_series(std::iter::once(Circle::new((x, y), 5, RED.filled())))?;
                chart.draw_series(std::iter::once(Text::new(
                    format!("break-even {}", crate::money::format_count(c.at)),
                    (x, y),
                    ("sans-serif", 13).into_font().color(&RED),
                )))?;
            }
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .position(SeriesLabelPosition::UpperLeft)
                .draw()?;
        }};
    }
    if sweep.log {
        let y0 = if y_min_pos.is_finite() && y_min_pos < f64::MAX {
            y_min_pos * 0.9
        } else {
            1e-6
        };
        plot!(builder.build_cartesian_2d((x0.max(1e-9)..x1).log_scale(), (y0..y_max).log_scale())?);
    } else {
        plot!(builder.build_cartesian_2d(x0..x1, 0f64..y_max)?);
    }
    Ok(())
}
