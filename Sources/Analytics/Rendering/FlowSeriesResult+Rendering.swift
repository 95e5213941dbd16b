extension FlowSeriesResult {
    /// One line per bucket (UTC start time), one column per series; values in human units,
    /// or per-second rates (bytes as bit/s) when `rates` is true.
    public func table(rates: Bool = false) -> String {
        var t = TextTable([("Time (UTC)", .left)] + series.map { ($0.title, .right) })
        for b in 0..<(total.points.count) {
            t.append([UTCTime.text(total.points[b].timeMillis)] + series.map { s in
                let p = s.points[b]
                return rates ? HumanUnits.rate(p.perSecond, metric) : HumanUnits.metric(p.value, metric)
            })
        }
        return t.render()
    }

    /// `time_ms` then one column per series, raw values (or per-second rates).
    public func csv(rates: Bool = false) -> String {
        var out = CSV.line(["time_ms"] + series.map(\.title))
        for b in 0..<(total.points.count) {
            out += CSV.line([String(total.points[b].timeMillis)] + series.map { s in
                rates ? "\(s.points[b].perSecond)" : String(s.points[b].value)
            })
        }
        return out
    }
}
