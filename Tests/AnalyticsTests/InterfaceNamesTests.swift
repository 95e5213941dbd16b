import Analytics
import Foundation
import Testing

/// ifIndex → name for top-N answers: only where the exporter is known for the row.
@Suite struct InterfaceNamesTests {
    static func result(keys: [FlowKey], rows: [[String]]) -> TopNResult {
        TopNResult(
            keys: keys, metric: .bytes,
            rows: rows.map { TopNRow(keyValues: $0, bytes: 10, packets: 1, flows: 1, firstSeenMillis: 0, lastSeenMillis: 0) },
            totals: FlowTotals(bytes: 10 * UInt64(rows.count), packets: UInt64(rows.count), flows: UInt64(rows.count)),
            groupCount: rows.count)
    }

    static var names: InterfaceNames {
        var n = InterfaceNames()
        n.add(labels: ["edge-1", "192.0.2.1"], names: [3: "Gi0/3", 4: "Gi0/4"])
        n.add(labels: ["192.0.2.2"], names: [3: "xe-0/0/3"])
        return n
    }

    @Test func namesInterfacesPerExporter() throws {
        var r = Self.result(
            keys: [.exporter, .inif, .outif],
            rows: [["edge-1", "3", "4"], ["192.0.2.2", "3", "7"], ["192.0.2.9", "3", "4"]])
        r.nameInterfaces(Self.names)
        #expect(r.rows[0].keyNames == ["", "Gi0/3", "Gi0/4"])
        #expect(r.rows[1].keyNames == ["", "xe-0/0/3", ""], "same index, other router, other name; 7 unknown")
        #expect(r.rows[2].keyNames == nil, "an exporter nobody polls keeps numbers")
        #expect(r.rows.map { $0.keyValues[1] } == ["3", "3", "3"], "values stay numbers for CSV")
        let table = r.table()
        #expect(table.contains("Gi0/3 (3)"))
        #expect(table.contains("xe-0/0/3 (3)"))
        let json = String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
        #expect(json.contains(#""keyNames":["","Gi0\/3","Gi0\/4"]"#))
    }

    @Test func withoutTheExporterKeyIndexesStayNumbers() {
        var r = Self.result(keys: [.inif], rows: [["3"]])
        r.nameInterfaces(Self.names)
        #expect(r.rows[0].keyNames == nil)
        #expect(!r.table().contains("Gi0"))
    }
}
