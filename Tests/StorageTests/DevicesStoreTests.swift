import Foundation
import NetsightModel
import Testing

@testable import Storage

/// `MetadataStore+Devices.swift`: device polls in, devices, interfaces, rates and
/// neighbours out.
@Suite struct DevicesStoreTests {
    static let t0: UInt64 = 1_800_000_000_000

    static func status(_ t: UInt64, error: String? = nil, failures: Int = 0) -> DevicePollStatus {
        DevicePollStatus(
            device: "core-1", address: "192.0.2.1:1161", site: "ldn", parent: "border-1", lastPollMillis: t,
            durationMillis: 420, error: error, lastSuccessMillis: t0, consecutiveFailures: failures, late: error != nil)
    }

    static func rate(_ t: UInt64, _ ifIndex: UInt32, _ name: String, inBits: Double?) -> InterfaceRateSample {
        InterfaceRateSample(
            timestampMillis: t, intervalMillis: 60_000, device: "core-1", site: "ldn", ifIndex: ifIndex, ifName: name,
            ifAlias: "alias \(ifIndex)", speedBitsPerSecond: 10_000_000_000, inBitsPerSecond: inBits,
            outBitsPerSecond: 2_000, inPacketsPerSecond: 3, outPacketsPerSecond: 4, inErrorsPerSecond: 0.5,
            outErrorsPerSecond: nil, inDiscardsPerSecond: 0, outDiscardsPerSecond: 0.25, inUtilisationPercent: 12.5,
            outUtilisationPercent: nil)
    }

    static let eth0 = InterfaceInfo(
        ifIndex: 1, name: "Gi0/1", alias: "uplink", descr: "GigabitEthernet0/1", type: 6,
        speedBitsPerSecond: 10_000_000_000, adminStatus: 1, operStatus: 1)
    static let eth1 = InterfaceInfo(ifIndex: 2, name: "Gi0/2", type: 6, adminStatus: 1, operStatus: 2)
    static let system = DeviceSystemInfo(
        sysName: "core-1.ldn", sysDescr: "Cisco IOS", sysObjectID: "1.3.6.1.4.1.9.1.516", sysUpTimeTicks: 123_456)
    static let health = DeviceHealth(
        cpuPercents: [12, 40], storage: [.init(index: 1, descr: "RAM", sizeBytes: 1 << 30, usedBytes: 1 << 29)])
    static let lldp = LLDPNeighbour(
        localPortNumber: 1, localPort: "Gi0/1", remoteChassisID: "00:11:22:33:44:55", remotePort: "Eth1/1",
        remotePortDescription: "to core-1", remoteSystemName: "border-1")

    static func firstReport() -> DevicePollReport {
        DevicePollReport(
            status: status(t0), system: system, interfaces: [eth0, eth1],
            rates: [rate(t0, 1, "Gi0/1", inBits: 1e9), rate(t0, 2, "Gi0/2", inBits: nil)], health: health,
            neighbours: [lldp])
    }

    @Test func pollRoundTripsAfterReopening() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/m.sqlite"
        try MetadataStore(path: path).recordDevicePoll(Self.firstReport())
        let store = try MetadataStore(path: path)
        let devices = try store.devices()
        #expect(devices == [DeviceRecord(status: Self.status(Self.t0), system: Self.system, health: Self.health, interfaceCount: 2)])
        #expect(try store.device(named: "core-1") == devices.first)
        #expect(try store.device(named: "nope") == nil)
        let interfaces = try store.interfaces(device: "core-1")
        #expect(interfaces.map(\.info) == [Self.eth0, Self.eth1])
        // Latest rates carry the interface table's names and speed, and keep their gaps.
        var expected = Self.rate(Self.t0, 1, "Gi0/1", inBits: 1e9)
        expected.ifAlias = "uplink"
        #expect(interfaces[0].latest == expected)
        #expect(interfaces[1].latest?.inBitsPerSecond == nil && interfaces[1].latest?.outBitsPerSecond == 2_000)
        #expect(interfaces[1].latest?.speedBitsPerSecond == nil)
        #expect(try store.interfaceRates(device: "core-1", fromMillis: 0, toMillis: .max)
            == [Self.rate(Self.t0, 1, "Gi0/1", inBits: 1e9), Self.rate(Self.t0, 2, "Gi0/2", inBits: nil)])
        #expect(try store.neighbours() == [NeighbourRecord(device: "core-1", neighbour: Self.lldp)])
        #expect(try store.neighbours(device: "other").isEmpty)
        #expect(try store.interfaceNames() == ["192.0.2.1": [1: "Gi0/1", 2: "Gi0/2"]])
    }

    @Test func laterPollsReplaceInventoryOnlyWhenTheyCarryIt() throws {
        let dir = try TemporaryDirectory()
        let store = try MetadataStore(path: dir.path + "/m.sqlite")
        try store.recordDevicePoll(Self.firstReport())
        // A failed poll: status changes, everything else stays.
        let failed = Self.status(Self.t0 + 60_000, error: "timeout after 6 tries", failures: 1)
        try store.recordDevicePoll(DevicePollReport(status: failed))
        var device = try #require(try store.device(named: "core-1"))
        #expect(device.status == failed && !device.status.isUp)
        #expect(device.system == Self.system && device.health == Self.health && device.interfaceCount == 2)
        #expect(try store.neighbours(device: "core-1").count == 1)
        // A re-walk: Gi0/2 renamed, ifIndex 1 gone, 3 new; no neighbours any more.
        let renamed = InterfaceInfo(ifIndex: 2, name: "Te0/2", type: 6, adminStatus: 1, operStatus: 1)
        let added = InterfaceInfo(ifIndex: 3, name: "Te0/3", type: 6, adminStatus: 2, operStatus: 2)
        try store.recordDevicePoll(DevicePollReport(
            status: Self.status(Self.t0 + 120_000), interfaces: [renamed, added], neighbours: []))
        let interfaces = try store.interfaces(device: "core-1")
        #expect(interfaces.map(\.info) == [renamed, added])
        #expect(interfaces[0].latest?.timestampMillis == Self.t0, "latest rates survive a re-walk")
        #expect(interfaces[1].latest == nil)
        #expect(try store.neighbours(device: "core-1").isEmpty)
        device = try #require(try store.device(named: "core-1"))
        #expect(device.interfaceCount == 2 && device.status.isUp)
        #expect(try store.interfaceNames()["192.0.2.1"] == [2: "Te0/2", 3: "Te0/3"])
        // Rates for an interface not in the table yet add a row, replaced by the next table.
        try store.recordDevicePoll(DevicePollReport(
            status: Self.status(Self.t0 + 180_000), rates: [Self.rate(Self.t0 + 180_000, 9, "Lo9", inBits: 5)]))
        #expect(try store.interfaces(device: "core-1").map(\.info.name) == ["Te0/2", "Te0/3", "Lo9"])
        try store.recordDevicePoll(DevicePollReport(status: Self.status(Self.t0 + 240_000), interfaces: [renamed]))
        #expect(try store.interfaces(device: "core-1").map(\.info.ifIndex) == [2])
    }

    @Test(arguments: [
        ("192.0.2.1", "192.0.2.1"), ("192.0.2.1:1161", "192.0.2.1"), ("[2001:DB8::1]:1161", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"), ("udp:edge.example.net:161", "edge.example.net"), ("edge", "edge"),
    ])
    func hostOfDeviceAddress(address: String, host: String) {
        #expect(MetadataStore.host(ofDeviceAddress: address) == host)
    }

    @Test func ratesQueryByInterfaceAndWindowAndAgeOut() throws {
        let dir = try TemporaryDirectory()
        let store = try MetadataStore(path: dir.path + "/m.sqlite")
        var reports: [DevicePollReport] = []
        for minute in 0..<5 {
            let t = Self.t0 + UInt64(minute) * 60_000
            reports.append(DevicePollReport(
                status: Self.status(t),
                rates: [Self.rate(t, 1, "Gi0/1", inBits: Double(minute)), Self.rate(t, 2, "Gi0/2", inBits: nil)]))
        }
        try store.recordDevicePolls(reports)
        let window = try store.interfaceRates(
            device: "core-1", ifName: "Gi0/1", fromMillis: Self.t0 + 60_000, toMillis: Self.t0 + 180_000)
        #expect(window.map(\.inBitsPerSecond) == [1, 2, 3])
        #expect(try store.interfaceRates(device: "core-1", fromMillis: 0, toMillis: .max).count == 10)
        #expect(try store.interfaceRates(device: "core-2", fromMillis: 0, toMillis: .max).isEmpty)
        #expect(try store.interfaces(device: "core-1").first?.latest?.inBitsPerSecond == 4)
        #expect(try store.deleteInterfaceRates(olderThanMillis: Self.t0 + 120_000) == 4)
        #expect(try store.interfaceRates(device: "core-1", ifName: "Gi0/1", fromMillis: 0, toMillis: .max)
            .map(\.timestampMillis) == [2, 3, 4].map { Self.t0 + $0 * 60_000 })
    }

    @Test func forgetsDevicesNoLongerConfigured() throws {
        let dir = try TemporaryDirectory()
        let store = try MetadataStore(path: dir.path + "/m.sqlite")
        try store.recordDevicePoll(Self.firstReport())
        var other = Self.firstReport()
        other.status.device = "edge-2"
        try store.recordDevicePoll(other)
        #expect(try store.devices().map(\.status.device) == ["core-1", "edge-2"])
        #expect(try store.forgetDevices(keeping: ["edge-2"]) == ["core-1"])
        #expect(try store.devices().map(\.status.device) == ["edge-2"])
        #expect(try store.interfaces(device: "core-1").isEmpty)
        #expect(try store.neighbours(device: "core-1").isEmpty)
        // History stays until retention removes it.
        #expect(try store.interfaceRates(device: "core-1", fromMillis: 0, toMillis: .max).count == 2)
    }

    /// One 60 s cycle of 1,000 devices × 48 interfaces, one transaction per device as the
    /// recorder does it, must take a small part of the cycle.
    @Test func aThousandDevicesCycleIsCheap() throws {
        let dir = try TemporaryDirectory()
        let store = try MetadataStore(path: dir.path + "/m.sqlite")
        let interfaces = (1...48).map { InterfaceInfo(ifIndex: UInt32($0), name: "Gi0/\($0)", type: 6, adminStatus: 1, operStatus: 1) }
        func report(_ d: Int, _ t: UInt64) -> DevicePollReport {
            var s = Self.status(t)
            s.device = "dev-\(d)"
            return DevicePollReport(
                status: s, interfaces: interfaces,
                rates: interfaces.map { i in
                    var r = Self.rate(t, i.ifIndex, i.name, inBits: 1e6)
                    r.device = s.device
                    return r
                })
        }
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for d in 0..<1_000 { try store.recordDevicePoll(report(d, Self.t0)) }
        }
        #expect(try store.devices().count == 1_000)
        #expect(try store.interfaceRates(device: "dev-999", fromMillis: 0, toMillis: .max).count == 48)
        // Generous for a loaded CI machine: the budget is the 60 s cycle.
        #expect(elapsed < .seconds(30), "\(elapsed)")
    }
}
