extension FlowMatrixResult {
    /// The grid with row and column totals, in human units; "-" marks an unknown site.
    public func table() -> String {
        func name(_ s: String) -> String { s.isEmpty ? "-" : s }
        var t = TextTable(
            [("\(rowKey.title) \\ \(columnKey.title)", .left)] + columns.map { (name($0), .right) } + [("Total", .right)])
        let rt = rowTotals
        for (i, r) in rows.enumerated() {
            t.append([name(r)] + cells[i].map { HumanUnits.metric($0, metric) } + [HumanUnits.metric(rt[i], metric)])
        }
        t.append(["Total"] + columnTotals.map { HumanUnits.metric($0, metric) } + [HumanUnits.metric(total, metric)])
        return t.render()
    }

    /// Header `row\column` key names then column labels; one line per row, raw values.
    public func csv() -> String {
        var out = CSV.line(["\(rowKey.rawValue)\\\(columnKey.rawValue)"] + columns)
        for (i, r) in rows.enumerated() { out += CSV.line([r] + cells[i].map(String.init)) }
        return out
    }
}
