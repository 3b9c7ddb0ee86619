//! `forecast`: spend to date, the projection with its band, the budget, and the days.

use serde::Serialize;

use super::Report;
use super::sheet::{Sheet, cells, count_of, usd_for, usd_range};
use crate::forecast::{Forecast, Span};
use crate::money::{Exact, format_usd};

/// A CSV record: one day of the period.
#[derive(Serialize)]
pub struct DayRow {
    date: String,
    actual_usd: Option<Exact>,
    predicted_usd: Option<Exact>,
}

impl Report for Forecast {
    type Row<'a> = DayRow;

    fn sheets(&self) -> Vec<Sheet> {
        let usd = usd_for(self.projected_usd.high);
        let span = match self.span {
            Span::Week => "week",
            Span::Month => "month",
        };
        let mut rows = vec![
            cells!["spent so far", usd(self.spent_usd)],
            cells![
                "projected total (80% band)",
                usd_range(self.projected_usd, self.projected_usd.high)
            ],
        ];
        if let Some(budget) = self.budget_usd {
            let runs_out = self.budget_runs_out.map(|d| d.to_string());
            rows.push(cells!["budget", usd(budget)]);
            rows.push(cells![
                "budget runs out",
                runs_out.unwrap_or("not this period".into())
            ]);
        }
        let mut notes = vec![
            format!("method: {}", self.method),
            format!(
                "fitted on {} of history; trend {} per day per day; daily residuals {} (standard \
                 deviation)",
                count_of(self.history_days, "day"),
                format_usd(self.trend_usd_per_day),
                format_usd(self.residual_sd_usd)
            ),
        ];
        if self.over_budget {
            notes.push("OVER BUDGET: the projection exceeds the budget".into());
        }
        let title = format!(
            "Forecast for the {span} {} to {} (now: {}), USD",
            self.period_start, self.period_end, self.now
        );
        vec![Sheet::new(title, "what|>USD").rows(rows).notes(notes)]
    }

    fn rows(&self) -> Vec<DayRow> {
        self.days
            .iter()
            .map(|d| DayRow {
                date: d.date.to_string(),
                actual_usd: d.actual_usd.map(Exact),
                predicted_usd: d.predicted_usd.map(Exact),
            })
            .collect()
    }
}
