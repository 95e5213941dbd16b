import Alerting
import NetsightModel

/// The network the benchmark monitors: 4 cores, 100 branch sites of one router and 19
/// access switches each, ~2,000 probes, and exactly `seriesTarget` metric series with the
/// labels the server gives them (`MetadataStore.alertSamples`).
///
/// - core-1 is the only parent of sites s00-s49 (the storm takes it down); sites s50-s74
///   hang off core-2 and core-3, s75-s99 off core-4 and core-3 (redundant uplinks).
/// - Interfaces: a core has one port per router below it plus 4 core links; a router two
///   10G uplinks plus one 1G port per switch; a switch one uplink and three access ports.
///   Every interface has the catalogue's 8 interface metrics.
/// - Devices: device_up, device_poll_failures, device_cpu_percent and one storage area.
/// - A trap-rate series per router, then probes (icmp, tcp, udp-jitter, http, dns, with
///   their metrics) up to the target, the last slots filled with trap-rate series.
struct BenchNetwork {
    enum Role { case core, router, access }

    struct Device {
        var name: String
        var site: String
        var role: Role
        var parents: [String]
        var address: String
    }

    var devices: [Device] = []
    var sites: [String] = []
    var links: [TopologyLink] = []
    var probeCount = 0
    /// The snapshot, with the labels the store would give each series.
    var samples: [MetricSample] = []
    /// Each sample's quiet value, and its device's index (for the storm).
    var baseline: [Double] = []
    var deviceIndex: [Int] = []
    /// Per sample, the interface speed in bit/s (0 for non-interface series).
    var speed: [Double] = []
    /// Per probe: id and typical RTT, for the per-probe SLA rules.
    var probes: [(id: String, kind: String, rtt: Double)] = []

    static func parents(ofSite s: Int) -> [String] {
        switch s {
        case 0...49: ["core-1"]
        case 50...74: ["core-2", "core-3"]
        default: ["core-4", "core-3"]
        }
    }

    static func siteName(_ s: Int) -> String { s < 10 ? "s0\(s)" : "s\(s)" }

    init(seriesTarget: Int = 100_000, seed: UInt64 = 5) {
        var random = SeededRandom(seed: seed)
        let timestamp: Int64 = 1_795_000_000_000
        for c in 1...4 {
            devices.append(Device(name: "core-\(c)", site: "dc-\(c)", role: .core, parents: [], address: "10.255.0.\(c)"))
            sites.append("dc-\(c)")
        }
        for s in 0..<100 {
            let site = Self.siteName(s)
            sites.append(site)
            devices.append(Device(name: "rtr-\(site)", site: site, role: .router, parents: Self.parents(ofSite: s), address: "10.\(s).0.1"))
            for w in 1...19 {
                let name = "sw-\(site)-\(w < 10 ? "0" : "")\(w)"
                devices.append(Device(name: name, site: site, role: .access, parents: ["rtr-\(site)"], address: "10.\(s).\(w).1"))
            }
        }
        func add(_ metric: String, _ labels: LabelSet, _ value: Double, device: Int, speed s: Double = 0) {
            samples.append(MetricSample(metric: metric, labels: labels, value: value, timestampMillis: timestamp))
            baseline.append(value)
            deviceIndex.append(device)
            speed.append(s)
        }

        // Device series.
        for (i, d) in devices.enumerated() {
            let labels = LabelSet(["device": d.name, "site": d.site, "address": d.address])
            add("device_up", labels, 1, device: i)
            add("device_poll_failures", labels, 0, device: i)
            add("device_cpu_percent", labels, Double.random(in: 5...50, using: &random), device: i)
            var storage = labels
            storage["storage"] = d.role == .access ? "flash:" : "/var"
            add("device_storage_used_percent", storage, Double.random(in: 20...70, using: &random), device: i)
        }

        // Interfaces, and LLDP links along the config's parent edges.
        var nextCorePort: [String: Int] = [:]
        func interface(_ device: Int, _ ifname: String, _ alias: String, _ ifindex: Int, speed s: Double) {
            let d = devices[device]
            let labels = LabelSet(["device": d.name, "site": d.site, "ifname": ifname, "ifalias": alias, "ifindex": String(ifindex)])
            let util = Double.random(in: 1...60, using: &random)
            let inUtil = util * Double.random(in: 0.3...1, using: &random)
            let outUtil = util * Double.random(in: 0.3...1, using: &random)
            add("interface_oper_up", labels, 1, device: device, speed: s)
            add("interface_utilisation_percent", labels, util, device: device, speed: s)
            add("interface_in_utilisation_percent", labels, inUtil, device: device, speed: s)
            add("interface_out_utilisation_percent", labels, outUtil, device: device, speed: s)
            add("interface_in_bps", labels, inUtil / 100 * s, device: device, speed: s)
            add("interface_out_bps", labels, outUtil / 100 * s, device: device, speed: s)
            add("interface_errors_per_second", labels, Double.random(in: 0...0.05, using: &random), device: device, speed: s)
            add("interface_discards_per_second", labels, Double.random(in: 0...2, using: &random), device: device, speed: s)
        }
        for (i, d) in devices.enumerated() {
            switch d.role {
            case .core:
                break  // after the routers, once their ports are known
            case .router:
                for (u, parent) in d.parents.enumerated() {
                    let port = nextCorePort[parent, default: 0]
                    nextCorePort[parent] = port + 1
                    links.append(TopologyLink(device: d.name, port: "xe-0/0/\(u)", neighbour: parent, neighbourPort: "xe-1/0/\(port)"))
                    interface(i, "xe-0/0/\(u)", "uplink \(parent)", 500 + u, speed: 1e10)
                }
                if d.parents.count == 1 { interface(i, "xe-0/0/1", "spare", 501, speed: 1e10) }
                for w in 1...19 {
                    let sw = "sw-\(d.site)-\(w < 10 ? "0" : "")\(w)"
                    links.append(TopologyLink(device: d.name, port: "ge-0/0/\(w)", neighbour: sw, neighbourPort: "ge-0/0/48"))
                    interface(i, "ge-0/0/\(w)", "to \(sw)", w, speed: 1e9)
                }
            case .access:
                interface(i, "ge-0/0/48", "uplink rtr-\(d.site)", 48, speed: 1e9)
                interface(i, "ge-0/0/1", "server-\(d.name)", 1, speed: 1e9)
                interface(i, "ge-0/0/2", "ap-\(d.name)", 2, speed: 1e9)
                interface(i, "ge-0/0/3", "desk-\(d.name)", 3, speed: 1e9)
            }
        }
        for (i, d) in devices.enumerated() where d.role == .core {
            let ports = nextCorePort[d.name, default: 0]
            for p in 0..<ports {
                interface(i, "xe-1/0/\(p)", "downlink \(p)", 1_000 + p, speed: 1e10)
            }
            for c in 1...4 where "core-\(c)" != d.name {
                interface(i, "et-0/0/\(c)", "core link core-\(c)", 2_000 + c, speed: 1e11)
            }
        }

        // Trap rates, one per router.
        func trap(_ device: Int, _ name: String) {
            let d = devices[device]
            add(
                "snmp_traps_per_minute", LabelSet(["device": d.name, "site": d.site, "trap": name]),
                Double.random(in: 0...0.4, using: &random), device: device)
        }
        for (i, d) in devices.enumerated() where d.role == .router { trap(i, "linkDown") }

        // Probes up to the target; then trap series fill the slots left.
        let kinds: [(kind: String, metrics: [String])] = [
            ("icmp", ["probe_success", "probe_loss_percent", "probe_rtt_median_ms", "probe_rtt_avg_ms", "probe_rtt_max_ms", "probe_jitter_ms"]),
            ("tcp", ["probe_success", "probe_rtt_median_ms", "probe_rtt_avg_ms", "probe_rtt_max_ms"]),
            ("udp-jitter", ["probe_success", "probe_loss_percent", "probe_rtt_median_ms", "probe_rtt_avg_ms", "probe_rtt_max_ms", "probe_jitter_ms", "probe_mos"]),
            ("http", ["probe_success", "probe_rtt_median_ms", "probe_rtt_avg_ms", "probe_rtt_max_ms", "probe_certificate_days"]),
            ("dns", ["probe_success", "probe_rtt_median_ms", "probe_rtt_avg_ms", "probe_rtt_max_ms"]),
        ]
        var p = 0
        while true {
            let kind = kinds[p % kinds.count]
            guard samples.count + kind.metrics.count <= seriesTarget else { break }
            let device = 4 + (p * 7_919) % (devices.count - 4)
            let d = devices[device]
            let id = "p-\(p)"
            let labels = LabelSet(["probe": id, "kind": kind.kind, "target": d.address, "site": d.site, "device": d.name])
            let rtt = Double.random(in: 1...60, using: &random)
            probes.append((id, kind.kind, rtt))
            for metric in kind.metrics {
                let value: Double =
                    switch metric {
                    case "probe_success": 1
                    case "probe_loss_percent": 0
                    case "probe_rtt_median_ms": rtt
                    case "probe_rtt_avg_ms": rtt * 1.1
                    case "probe_rtt_max_ms": rtt * 1.6
                    case "probe_jitter_ms": rtt * 0.05
                    case "probe_mos": 4.3
                    default: Double.random(in: 30...300, using: &random).rounded()
                    }
                add(metric, labels, value, device: device)
            }
            p += 1
        }
        probeCount = p
        var filler = 0
        while samples.count < seriesTarget {
            trap(4 + (filler * 20) % (devices.count - 4), "authenticationFailure")
            filler += 1
        }
    }

    /// The value that crosses every rule's raise threshold for this metric.
    func badValue(_ i: Int) -> Double {
        switch samples[i].metric {
        case "device_up", "interface_oper_up", "probe_success": 0
        case "device_poll_failures": 6
        case "device_cpu_percent", "device_storage_used_percent": 98
        case "interface_utilisation_percent", "interface_in_utilisation_percent", "interface_out_utilisation_percent": 99
        case "interface_in_bps", "interface_out_bps": 0.99 * speed[i]
        case "interface_errors_per_second": 20
        case "interface_discards_per_second": 200
        case "probe_loss_percent": 25
        case "probe_rtt_median_ms", "probe_rtt_avg_ms", "probe_rtt_max_ms": 800
        case "probe_jitter_ms": 80
        case "probe_mos": 2.0
        case "probe_certificate_days": 3
        default: 30  // trap rate
        }
    }

    /// Whether a sample is a status series (0/1) that noise must not move.
    static func isStatus(_ metric: String) -> Bool {
        metric == "device_up" || metric == "interface_oper_up" || metric == "probe_success" || metric == "device_poll_failures"
            || metric == "probe_loss_percent" || metric == "probe_certificate_days"
    }

    /// The dependency graph the server would build: config parents plus LLDP links.
    var dependencyDevices: [DependencyDevice] {
        devices.map { DependencyDevice(name: $0.name, site: $0.site, parents: $0.parents) }
    }

    /// Indexes of the devices behind `core` (itself included) when it fails alone.
    func subtree(of core: String) -> Set<Int> {
        var result: Set<Int> = []
        var names: Set<String> = [core]
        var changed = true
        while changed {
            changed = false
            for (i, d) in devices.enumerated() where !result.contains(i) {
                if d.name == core || (!d.parents.isEmpty && d.parents.allSatisfy { names.contains($0) }) {
                    result.insert(i)
                    names.insert(d.name)
                    changed = true
                }
            }
        }
        return result
    }
}
