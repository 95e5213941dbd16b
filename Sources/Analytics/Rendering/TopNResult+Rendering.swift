extension TopNResult {
    /// An aligned table for a terminal: key columns, then bytes, packets and flows each
    /// with its share of the matching total, and a summary line.
    public func table() -> String {
        var t = TextTable(
            keys.map { ($0.title, .left) } + [
                ("Bytes", .right), ("Bytes%", .right), ("Packets", .right), ("Packets%", .right),
                ("Flows", .right), ("Flows%", .right),
            ])
        for r in rows {
            t.append(
                r.keyValues.indices.map { i in
                    let v = r.keyValues[i].isEmpty ? "-" : r.keyValues[i]
                    guard let n = r.keyNames?[i], !n.isEmpty else { return v }
                    return "\(n) (\(v))"
                } + [
                    HumanUnits.bytes(r.bytes), HumanUnits.percent(r.bytes, of: totals.bytes),
                    HumanUnits.count(r.packets), HumanUnits.percent(r.packets, of: totals.packets),
                    HumanUnits.count(r.flows), HumanUnits.percent(r.flows, of: totals.flows),
                ])
        }
        return t.render()
            + "Top \(rows.count) of \(groupCount) by \(metric.rawValue); total \(HumanUnits.bytes(totals.bytes)), "
            + "\(HumanUnits.count(totals.packets)) packets, \(HumanUnits.count(totals.flows)) flows\n"
    }

    /// Header line of key names and counter names, then one line per row, raw numbers.
    public func csv() -> String {
        var out = CSV.line(keys.map(\.rawValue) + ["bytes", "packets", "flows", "first_seen_ms", "last_seen_ms"])
        for r in rows {
            out += CSV.line(r.keyValues + [
                String(r.bytes), String(r.packets), String(r.flows), String(r.firstSeenMillis), String(r.lastSeenMillis),
            ])
        }
        return out
    }
}
