import Analytics
import GRDB

extension MetadataStore {
    /// Interface names of every polled device under each label a flow's exporter may
    /// carry: the device's address, its configured name, and any exporter name configured
    /// for that address (`exporterNames`: address → name, from `exporters:`).
    public func flowInterfaceNames(exporterNames: [String: String] = [:]) throws -> InterfaceNames {
        let byHost = try interfaceNames()
        let deviceNames: [(host: String, name: String)] = try read { db in
            try Row.fetchAll(db, sql: "SELECT address, name FROM snmp_devices").map { row in
                (Self.host(ofDeviceAddress: row[0]), row[1])
            }
        }
        var names = InterfaceNames()
        for (host, table) in byHost {
            var labels = [host]
            labels += deviceNames.filter { $0.host == host }.map(\.name)
            if let exporter = exporterNames[host] { labels.append(exporter) }
            names.add(labels: labels, names: table)
        }
        return names
    }
}
