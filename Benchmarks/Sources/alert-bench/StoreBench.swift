import Foundation
import NetsightModel
import Storage

/// Item 4: `MetadataStore.alertSamples`, the read that starts every evaluation, over a
/// store holding the benchmark network: every device's poll (status, one CPU, one storage
/// area), every interface (admin and oper up) with one rate sample, and ICMP probes with
/// one result each, written through the store's public API (`recordDevicePolls`,
/// `syncProbes`, `recordProbeResults`) into a fresh SQLite file.
struct StoreBench {
    let network: BenchNetwork
    let directory: String
    let rounds: Int
    let probeTarget: Int

    func run() throws {
        try? FileManager.default.removeItem(atPath: directory)
        let store = try MetadataStore(path: directory + "/netsight.sqlite")
        let nowMillis: UInt64 = 1_795_000_000_000
        var random = SeededRandom(seed: 23)

        var reports: [DevicePollReport] = []
        var interfacesOf: [String: [(info: InterfaceInfo, rate: InterfaceRateSample)]] = [:]
        for i in network.samples.indices where network.samples[i].metric == "interface_oper_up" {
            let labels = network.samples[i].labels
            let device = labels["device"] ?? ""
            let ifIndex = UInt32(labels["ifindex"] ?? "") ?? 0
            let speed = UInt64(network.speed[i])
            let info = InterfaceInfo(
                ifIndex: ifIndex, name: labels["ifname"] ?? "", alias: labels["ifalias"] ?? "", descr: labels["ifname"] ?? "",
                type: 6, speedBitsPerSecond: speed, adminStatus: 1, operStatus: 1)
            let inUtil = Double.random(in: 1...60, using: &random), outUtil = Double.random(in: 1...60, using: &random)
            let rate = InterfaceRateSample(
                timestampMillis: nowMillis, intervalMillis: 60_000, device: device, site: labels["site"] ?? "", ifIndex: ifIndex,
                ifName: info.name, ifAlias: info.alias, speedBitsPerSecond: speed,
                inBitsPerSecond: inUtil / 100 * Double(speed), outBitsPerSecond: outUtil / 100 * Double(speed),
                inPacketsPerSecond: 1_000, outPacketsPerSecond: 1_000, inErrorsPerSecond: 0, outErrorsPerSecond: 0,
                inDiscardsPerSecond: 0.1, outDiscardsPerSecond: 0.1, inUtilisationPercent: inUtil, outUtilisationPercent: outUtil)
            interfacesOf[device, default: []].append((info, rate))
        }
        for d in network.devices {
            let status = DevicePollStatus(
                device: d.name, address: d.address, site: d.site, parent: d.parents.first, lastPollMillis: nowMillis,
                durationMillis: 40, lastSuccessMillis: nowMillis)
            let health = DeviceHealth(
                cpuPercents: [Double.random(in: 5...50, using: &random)],
                storage: [.init(index: 1, descr: d.role == .access ? "flash:" : "/var", sizeBytes: 1 << 30, usedBytes: 1 << 29)])
            let interfaces = interfacesOf[d.name] ?? []
            reports.append(
                DevicePollReport(status: status, interfaces: interfaces.map(\.info), rates: interfaces.map(\.rate), health: health))
        }
        let probes = (0..<probeTarget).map { p in
            let d = network.devices[4 + (p * 7_919) % (network.devices.count - 4)]
            return ProbeSpec(
                id: "p-\(p)", target: d.address, options: .icmp(ICMPProbeOptions()), labels: ["site": d.site, "device": d.name])
        }
        let results = probes.map { spec in
            let rtt = Double.random(in: 1_000...60_000, using: &random)
            return ProbeResult(
                probeID: spec.id, kind: .icmp, target: spec.target, startedAt: Date(timeIntervalSince1970: Double(nowMillis) / 1_000),
                durationMicros: 5_000_000, success: true, sent: 5, received: 5, samplesMicros: [Int64(rtt)],
                rtt: RTTSummary(minMicros: rtt * 0.8, medianMicros: rtt, meanMicros: rtt * 1.1, maxMicros: rtt * 1.6, stddevMicros: rtt * 0.05))
        }
        let (_, writeTime) = try Measure.time {
            try store.recordDevicePolls(reports)
            try store.syncProbes(probes)
            try store.recordProbeResults(results)
        }

        print("\n== 4. MetadataStore.alertSamples from a populated store, \(rounds) reads (load \(Measure.loadAverage()))")
        print(
            "   store: \(network.devices.count) devices, \(grouped(interfacesOf.values.reduce(0) { $0 + $1.count })) interfaces, "
                + "\(grouped(probes.count)) ICMP probes, written in \(String(format: "%.2f", writeTime.wall)) s wall "
                + "(\(String(format: "%.2f", writeTime.cpu)) s CPU) through recordDevicePolls, syncProbes, recordProbeResults")
        Measure.resetPeakRSS()
        let before = Measure.rssMiB()
        var times: [Timing] = []
        var count = 0
        for _ in 0..<rounds {
            let (samples, t) = try Measure.time { try store.alertSamples(nowMillis: Int64(nowMillis)) }
            count = samples.count
            times.append(t)
        }
        let wall = Summary(times.map(\.wall)), cpu = Summary(times.map(\.cpu))
        print(
            "   read \(grouped(count)) series: wall median \(ms(wall.median)) ms, max \(ms(wall.max)) ms; "
                + "CPU median \(ms(cpu.median)) ms, max \(ms(cpu.max)) ms; peak RSS \(mib(Measure.peakRSSMiB())) MiB "
                + "(\(mib(before)) MiB before the reads)")
    }
}
