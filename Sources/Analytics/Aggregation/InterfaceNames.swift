/// Interface names learnt by SNMP polling, for showing `inif`/`outif` as names.
///
/// Flows carry only ifIndex numbers, which mean nothing to a person and are reused by
/// every router ("ifIndex 3" on two routers are two different ports). Names are looked up
/// per exporter: an exporter is known here by every label the `exporter` key may render
/// for it (its address, its configured name), so a top-N grouped by exporter and
/// interface shows "edge-1 / Gi0/3". Without the exporter in the grouping an index cannot
/// be named safely and stays a number.
public struct InterfaceNames: Sendable, Hashable {
    /// Exporter label (address text or configured name) → ifIndex → ifName.
    public var byExporter: [String: [UInt32: String]]

    public init(byExporter: [String: [UInt32: String]] = [:]) {
        self.byExporter = byExporter
    }

    public var isEmpty: Bool { byExporter.isEmpty }

    /// Registers one device's names under each of its labels.
    public mutating func add(labels: [String], names: [UInt32: String]) {
        for label in labels where !label.isEmpty {
            byExporter[label, default: [:]].merge(names) { _, new in new }
        }
    }

    public func name(exporter: String, ifIndex: UInt32) -> String? {
        byExporter[exporter]?[ifIndex]
    }
}

extension TopNResult {
    /// Fills `keyNames` for `inif`/`outif` columns of rows whose exporter is a key and
    /// whose interface has a known name. Leaves `keyValues` (the numbers) as they are, so
    /// CSV and scripts see what they always saw.
    public mutating func nameInterfaces(_ names: InterfaceNames) {
        guard !names.isEmpty, let exporterColumn = keys.firstIndex(of: .exporter) else { return }
        let interfaceColumns = keys.indices.filter { keys[$0] == .inif || keys[$0] == .outif }
        guard !interfaceColumns.isEmpty else { return }
        for r in rows.indices {
            let exporter = rows[r].keyValues[exporterColumn]
            var found = [String](repeating: "", count: keys.count)
            var any = false
            for c in interfaceColumns {
                guard let index = UInt32(rows[r].keyValues[c]), let name = names.name(exporter: exporter, ifIndex: index) else { continue }
                found[c] = name
                any = true
            }
            if any { rows[r].keyNames = found }
        }
    }
}
