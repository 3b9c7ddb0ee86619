/// Returns the cost of `tokens` at `rate` dollars per million tokens.
pub fn cost(tokens: u64, rate: Decimal) -> Result<Decimal, Error> {
    let tokens = Decimal::from(tokens);
    tokens
        .checked_mul(rate)
        .and_then(|x| x.checked_div(Decimal::from(1_000_000u32)))
        .ok_or(Error::Overflow)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_million_tokens_cost_the_rate() {
        assert_eq!(super::cost(1_000_000, 3.into()).unwrap(), 3.into());
    }
}
