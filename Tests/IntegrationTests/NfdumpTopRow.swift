import Analytics

/// One row of `nfdump -s KEY/METRIC -o csv`, or of Netsight's top-N, in the shape the
/// comparison needs.
struct RankedRow: Equatable, CustomStringConvertible {
    var key: String
    var flows: UInt64
    var packets: UInt64
    var bytes: UInt64

    func value(_ metric: FlowMetric) -> UInt64 {
        switch metric {
        case .bytes: bytes
        case .packets: packets
        case .flows: flows
        }
    }

    var description: String { "\(key) flows=\(flows) packets=\(packets) bytes=\(bytes)" }

    /// Parses nfdump's CSV statistics: a header line `ts,te,td,pr,val,fl,flP,pkt|ipkt,...`
    /// then rows until an empty line. For the proto statistic the key is the protocol
    /// name (`pr`), as Netsight prints it; otherwise `val`.
    static func parseNfdumpCSV(_ text: String, keyIsProtocol: Bool) -> [RankedRow] {
        var rows: [RankedRow] = []
        var header: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                if !header.isEmpty { break }
                continue
            }
            let cols = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if header.isEmpty {
                if cols.first == "ts" { header = cols }
                continue
            }
            func col(_ names: String...) -> String? {
                for n in names { if let i = header.firstIndex(of: n), i < cols.count { return cols[i] } }
                return nil
            }
            guard let val = col("val"), let fl = col("fl").flatMap(UInt64.init),
                let pkt = col("pkt", "ipkt").flatMap(UInt64.init), let byt = col("byt", "ibyt").flatMap(UInt64.init)
            else { continue }
            let key = keyIsProtocol ? (col("pr") ?? val) : val
            rows.append(RankedRow(key: key, flows: fl, packets: pkt, bytes: byt))
        }
        return rows
    }
}

/// Compares two rankings by one metric the way a person would: the same values at every
/// rank, and the same keys, where keys with equal values (ties) may come in any order.
/// A tie group cut by the limit only has to agree on the keys both show.
func compareRankings(_ ours: [RankedRow], _ theirs: [RankedRow], metric: FlowMetric, limit: Int) -> [String] {
    var problems: [String] = []
    let a = Array(ours.prefix(limit))
    let b = Array(theirs.prefix(limit))
    if a.count != b.count {
        problems.append("row count \(a.count) vs nfdump \(b.count)")
        return problems
    }
    if a.map({ $0.value(metric) }) != b.map({ $0.value(metric) }) {
        problems.append("\(metric) values differ:\n  netsight: \(a.map { $0.value(metric) })\n  nfdump:   \(b.map { $0.value(metric) })")
        return problems
    }
    // Group by value; inside a group, compare keys as sets (with all their counters).
    var i = 0
    while i < a.count {
        var j = i
        while j < a.count && a[j].value(metric) == a[i].value(metric) { j += 1 }
        let groupA = Set(a[i..<j].map(\.description))
        let groupB = Set(b[i..<j].map(\.description))
        let cutByLimit = j == a.count && ours.count > limit && ours[limit].value(metric) == a[i].value(metric)
        if !cutByLimit && groupA != groupB {
            problems.append("rows ranked \(i + 1)...\(j) differ:\n  netsight: \(groupA.sorted())\n  nfdump:   \(groupB.sorted())")
        }
        i = j
    }
    return problems
}
