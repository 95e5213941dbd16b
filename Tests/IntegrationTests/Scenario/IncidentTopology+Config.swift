import Foundation

extension IncidentTopology {
    /// The `devices:` section of a netsight configuration (docs/configuration.md, "SNMP
    /// devices") listing every device with its site; switches name `core-1` as parent, so
    /// alerting can tell their loss is the core's. The poll settings are written on each
    /// device rather than in an `snmp:` section, so the caller can add its own `snmp:`.
    func devicesYAML(interval: Duration, timeout: Duration, retries: Int) -> String {
        var yaml = "devices:\n"
        for device in devices {
            yaml += "  - name: \(device.name)\n"
            yaml += "    address: \"\(device.snmpAddress)\"\n"
            yaml += "    site: \(device.site)\n"
            yaml += "    version: 2c\n"
            yaml += "    community: \(Self.community)\n"
            yaml += "    interval: \(Self.yamlDuration(interval))\n"
            yaml += "    timeout: \(Self.yamlDuration(timeout))\n"
            yaml += "    retries: \(retries)\n"
            if !device.parents.isEmpty { yaml += "    parents: [\(device.parents.joined(separator: ", "))]\n" }
        }
        return yaml
    }

    /// The `probes:` section (docs/configuration.md, "Probes"): one TCP connect probe per
    /// listening switch, id `tcp-sw-NN`, labelled with the switch and its site so an alert
    /// on it can be tied to the device. One attempt per run so a run lasts at most
    /// `timeout`, well inside `interval`.
    func probesYAML(interval: Duration, timeout: Duration = .milliseconds(500)) -> String {
        var yaml = "probes:\n  targets:\n"
        for (device, target) in probeTargets {
            yaml += "    - id: tcp-\(device.name)\n"
            yaml += "      kind: tcp\n"
            yaml += "      target: \"\(target)\"\n"
            yaml += "      labels: {device: \(device.name), site: \(device.site)}\n"
            yaml += "      interval: \(Self.yamlDuration(interval))\n"
            yaml += "      count: 1\n"
            yaml += "      timeout: \(Self.yamlDuration(timeout))\n"
        }
        return yaml
    }

    /// "2s" for whole seconds, else "1500ms" (netsight's duration syntax).
    static func yamlDuration(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return "\(seconds)s" }
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000)ms"
    }
}
