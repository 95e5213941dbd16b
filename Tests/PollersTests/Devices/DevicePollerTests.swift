import NetsightModel
import Pollers
import SNMPCodec
import Synchronization
import Testing

@Suite("DevicePoller")
struct DevicePollerTests {
    static let t0: UInt64 = 1_800_000_000_000

    func eth0(in inOctets: UInt64 = 0, out outOctets: UInt64 = 0) -> FakeInterface {
        FakeInterface(
            ifIndex: 1, name: "eth0", descr: "Ethernet 0", alias: "uplink to core", ifSpeed: 1_000_000_000,
            ifHighSpeed: 1000, inOctets: inOctets, outOctets: outOctets)
    }

    /// An old interface: no ifXTable row at all (no ifName, no HC counters).
    func old0(in inOctets: UInt64 = 0) -> FakeInterface {
        FakeInterface(ifIndex: 2, name: nil, descr: "Serial0", type: 22, ifSpeed: 10_000_000, highCapacity: false, inOctets: inOctets)
    }

    @Test func inventoryNamesTypesSpeedsAndStatus() async throws {
        let agent = try await FakeAgent.start(table: deviceTable(uptime: 100_000, interfaces: [eth0(), old0()]))
        let client = try await SNMPClient.start()
        var poller = DevicePoller(spec: fakeSpec("edge-1", agent: agent, speedOverrides: ["Serial0": 2_048_000]))
        let report = await poller.poll(client: client, nowMillis: { Self.t0 })
        #expect(report.status.error == nil)
        #expect(report.status.device == "edge-1")
        #expect(report.status.address == "127.0.0.1:\(agent.port)")
        #expect(report.system?.sysName == "edge-1")
        #expect(report.system?.sysDescr == "Fake OS 1.0")
        #expect(report.system?.sysObjectID == "1.3.6.1.4.1.8072.3.2.10")
        #expect(report.system?.sysUpTimeTicks == 100_000)
        let interfaces = try #require(report.interfaces)
        #expect(interfaces.map(\.ifIndex) == [1, 2])
        #expect(interfaces[0].name == "eth0")
        #expect(interfaces[0].alias == "uplink to core")
        #expect(interfaces[0].descr == "Ethernet 0")
        #expect(interfaces[0].type == 6)
        #expect(interfaces[0].speedBitsPerSecond == 1_000_000_000)
        #expect(interfaces[0].adminStatus == 1 && interfaces[0].operStatus == 1)
        #expect(interfaces[1].name == "Serial0")  // ifDescr: no ifName
        #expect(interfaces[1].type == 22)
        #expect(interfaces[1].speedBitsPerSecond == 2_048_000)  // the override wins
        #expect(report.neighbours == [])
        #expect(report.health == nil)
        #expect(report.rates.count == 2 && report.rates.allSatisfy { $0.inBitsPerSecond == nil })
        try await client.close()
        await agent.stop()
    }

    @Test func ratesAcrossTwoPollsWithHighCapacityFallback() async throws {
        let agent = try await FakeAgent.start(table: deviceTable(uptime: 100_000, interfaces: [eth0(), old0()]))
        let client = try await SNMPClient.start()
        var poller = DevicePoller(spec: fakeSpec("edge-1", agent: agent))
        _ = await poller.poll(client: client, nowMillis: { Self.t0 })
        // 10 s later: eth0 got 1,250,000 bytes in and 2,500,000 out; Serial0 125,000 in.
        agent.setTable(deviceTable(
            uptime: 101_000, interfaces: [eth0(in: 1_250_000, out: 2_500_000), old0(in: 125_000)]))
        let report = await poller.poll(client: client, nowMillis: { Self.t0 + 10_000 })
        #expect(report.status.error == nil)
        #expect(report.system == nil)  // not a re-walk cycle
        #expect(report.neighbours == nil)
        #expect(report.interfaces?.count == 2)  // status every cycle
        let eth = try #require(report.rates.first { $0.ifIndex == 1 })
        #expect(eth.inBitsPerSecond == 1_000_000)
        #expect(eth.outBitsPerSecond == 2_000_000)
        #expect(abs((eth.inUtilisationPercent ?? 0) - 0.1) < 1e-9)
        #expect(eth.intervalMillis == 10_000)
        #expect(eth.ifName == "eth0" && eth.ifAlias == "uplink to core")
        #expect(eth.device == "edge-1" && eth.site == "lab")
        #expect(eth.timestampMillis == Self.t0 + 10_000)
        #expect(eth.inErrorsPerSecond == 0)
        let serial = try #require(report.rates.first { $0.ifIndex == 2 })
        #expect(serial.inBitsPerSecond == 100_000)  // from 32-bit ifInOctets
        #expect(abs((serial.inUtilisationPercent ?? 0) - 1) < 1e-9)
        try await client.close()
        await agent.stop()
    }

    @Test func thirtyTwoBitWrapOverSNMPv1() async throws {
        let start: UInt64 = 4_294_000_000
        func serial(_ octets: UInt64) -> FakeInterface {
            FakeInterface(ifIndex: 7, name: "ge-0/0/7", descr: "ge-0/0/7", ifHighSpeed: 1000, highCapacity: false, inOctets: octets)
        }
        let agent = try await FakeAgent.start(table: deviceTable(uptime: 100_000, interfaces: [serial(start)]))
        let client = try await SNMPClient.start()
        var poller = DevicePoller(spec: fakeSpec("v1-box", agent: agent, version: .v1))
        let first = await poller.poll(client: client, nowMillis: { Self.t0 })
        #expect(first.status.error == nil)
        #expect(first.interfaces?.map(\.name) == ["ge-0/0/7"])
        agent.setTable(deviceTable(uptime: 101_000, interfaces: [serial(start + 1_250_000)]))  // wraps past 2^32
        let report = await poller.poll(client: client, nowMillis: { Self.t0 + 10_000 })
        #expect(report.status.error == nil)
        #expect(report.rates.first?.inBitsPerSecond == 1_000_000)
        try await client.close()
        await agent.stop()
    }

    @Test func agentRestartRewalksAndGivesNoRate() async throws {
        let agent = try await FakeAgent.start(table: deviceTable(uptime: 100_000, interfaces: [eth0(in: 900_000_000)]))
        let client = try await SNMPClient.start()
        var poller = DevicePoller(spec: fakeSpec("edge-1", agent: agent))
        _ = await poller.poll(client: client, nowMillis: { Self.t0 })
        agent.setTable(deviceTable(uptime: 500, interfaces: [eth0(in: 1_000)]))  // up 5 s, counters restarted
        let report = await poller.poll(client: client, nowMillis: { Self.t0 + 10_000 })
        #expect(report.status.error == nil)
        #expect(report.system?.sysUpTimeTicks == 500)  // re-walked
        #expect(report.neighbours != nil)
        #expect(report.rates.count == 1)
        #expect(report.rates[0].inBitsPerSecond == nil)
        agent.setTable(deviceTable(uptime: 1_500, interfaces: [eth0(in: 1_251_000)]))
        let after = await poller.poll(client: client, nowMillis: { Self.t0 + 20_000 })
        #expect(after.system == nil)
        #expect(after.rates[0].inBitsPerSecond == 1_000_000)
        try await client.close()
        await agent.stop()
    }

    @Test func renumberedIfIndexTriggersRewalk() async throws {
        let a = eth0()
        var b = FakeInterface(ifIndex: 2, name: "eth1", descr: "Ethernet 1", ifHighSpeed: 1000)
        let agent = try await FakeAgent.start(table: deviceTable(uptime: 100_000, interfaces: [a, b]))
        let client = try await SNMPClient.start()
        var poller = DevicePoller(spec: fakeSpec("edge-1", agent: agent))
        _ = await poller.poll(client: client, nowMillis: { Self.t0 })
        var moved = a
        moved.ifIndex = 11
        b.ifIndex = 12
        agent.setTable(deviceTable(uptime: 101_000, interfaces: [moved, b]))
        let report = await poller.poll(client: client, nowMillis: { Self.t0 + 10_000 })
        #expect(report.status.error == nil)
        #expect(report.system != nil)
        #expect(report.interfaces?.map(\.ifIndex) == [11, 12])
        #expect(report.interfaces?.map(\.name) == ["eth0", "eth1"])
        #expect(report.rates.map(\.ifName) == ["eth0", "eth1"])
        try await client.close()
        await agent.stop()
    }

    @Test func lldpAndHostResources() async throws {
        func text(_ s: String) -> SNMPValue { .octetString(Array(s.utf8)) }
        let remote: [UInt32] = [0, 1, 3]  // timeMark 0, local port 1, remote index 3
        let extra: [VarBind] = [
            VarBind(DeviceOIDs.hrProcessorLoad.appending(196_608), .integer(15)),
            VarBind(DeviceOIDs.hrProcessorLoad.appending(196_609), .integer(25)),
            VarBind(DeviceOIDs.hrStorageDescr.appending(1), text("Physical memory")),
            VarBind(DeviceOIDs.hrStorageAllocationUnits.appending(1), .integer(1024)),
            VarBind(DeviceOIDs.hrStorageSize.appending(1), .integer(1000)),
            VarBind(DeviceOIDs.hrStorageUsed.appending(1), .integer(500)),
            VarBind(DeviceOIDs.lldpLocPortId.appending(1), text("Gi1/0/1")),
            VarBind(OID(DeviceOIDs.lldpRemChassisId.arcs + remote), .octetString([0, 0x11, 0x22, 0x33, 0x44, 0xAB])),
            VarBind(OID(DeviceOIDs.lldpRemPortId.arcs + remote), text("Ethernet49")),
            VarBind(OID(DeviceOIDs.lldpRemPortDesc.arcs + remote), text("to edge-1")),
            VarBind(OID(DeviceOIDs.lldpRemSysName.arcs + remote), text("core-2")),
        ]
        let agent = try await FakeAgent.start(table: deviceTable(uptime: 100_000, interfaces: [eth0()], extra: extra))
        let client = try await SNMPClient.start()
        var poller = DevicePoller(spec: fakeSpec("edge-1", agent: agent))
        let report = await poller.poll(client: client, nowMillis: { Self.t0 })
        #expect(report.status.error == nil)
        #expect(report.neighbours == [
            LLDPNeighbour(
                localPortNumber: 1, localPort: "Gi1/0/1", remoteChassisID: "00:11:22:33:44:ab", remotePort: "Ethernet49",
                remotePortDescription: "to edge-1", remoteSystemName: "core-2")
        ])
        #expect(report.health?.cpuPercents == [15, 25])
        #expect(report.health?.storage == [
            DeviceHealth.StorageUsage(index: 1, descr: "Physical memory", sizeBytes: 1_024_000, usedBytes: 512_000)
        ])
        // Health is read every cycle, from the columns the walk found.
        agent.set(DeviceOIDs.hrProcessorLoad.appending(196_608), .integer(90))
        agent.set(DeviceOIDs.sysUpTime, .timeTicks(101_000))
        let next = await poller.poll(client: client, nowMillis: { Self.t0 + 10_000 })
        #expect(next.neighbours == nil)
        #expect(next.health?.cpuPercents == [90, 25])
        try await client.close()
        await agent.stop()
    }

    @Test func ciscoCPUFallback() async throws {
        let extra = [VarBind(DeviceOIDs.cpmCPUTotal5minRev.appending(1), .gauge32(42))]
        let agent = try await FakeAgent.start(table: deviceTable(uptime: 100_000, interfaces: [eth0()], extra: extra))
        let client = try await SNMPClient.start()
        var poller = DevicePoller(spec: fakeSpec("ios-1", agent: agent))
        let report = await poller.poll(client: client, nowMillis: { Self.t0 })
        #expect(report.health == DeviceHealth(cpuPercents: [42]))
        try await client.close()
        await agent.stop()
    }

    @Test func failuresNameTheDeviceAndAFailedWalkIsRetried() async throws {
        let failWalk = TestFlag(true)
        let agent = try await FakeAgent.start(table: deviceTable(uptime: 100_000, interfaces: [eth0()])) { message, agent in
            // Drop the inventory walk (its requests start at ifDescr) while the flag is set.
            if failWalk.isOn, case .getBulkRequest(let p) = message.pdu,
                p.varBinds.first.map({ DeviceOIDs.ifDescr.isPrefix(of: $0.oid) }) == true
            {
                return []
            }
            return [(agent.answer(message).encode(), false)]
        }
        let client = try await SNMPClient.start()
        var poller = DevicePoller(spec: fakeSpec("edge-9", agent: agent))
        let failed = await poller.poll(client: client, nowMillis: { Self.t0 })
        let error = try #require(failed.status.error)
        #expect(error.contains("edge-9"))
        #expect(error.contains("127.0.0.1:\(agent.port)"))
        #expect(error.contains("timeout"))
        #expect(failed.status.consecutiveFailures == 1)
        #expect(failed.status.lastSuccessMillis == nil)
        #expect(failed.rates.isEmpty)
        failWalk.set(false)
        agent.set(DeviceOIDs.sysUpTime, .timeTicks(101_000))
        let ok = await poller.poll(client: client, nowMillis: { Self.t0 + 10_000 })
        #expect(ok.status.error == nil)
        #expect(ok.system != nil)  // the walk was retried
        #expect(ok.status.consecutiveFailures == 0)
        #expect(ok.status.lastSuccessMillis == Self.t0 + 10_000)
        try await client.close()
        await agent.stop()
    }

    @Test func lockstepColumnWalkMatchesSeparateWalks() async throws {
        var interfaces: [FakeInterface] = []
        for i in 1...60 { interfaces.append(FakeInterface(ifIndex: UInt32(i), name: "p\(i)", descr: "port \(i)", inOctets: UInt64(i))) }
        let agent = try await FakeAgent.start(table: deviceTable(uptime: 1, interfaces: interfaces))
        let client = try await SNMPClient.start()
        let columns = [DeviceOIDs.ifName, DeviceOIDs.ifHCInOctets, DeviceOIDs.ifDescr, DeviceOIDs.hrProcessorLoad]
        for version in [SNMPVersion.v2c, .v1] {
            let target = SNMPTarget(host: "127.0.0.1", port: agent.port, version: version, timeout: .milliseconds(200), retries: 1)
            let table = try await client.walkColumns(columns, target: target)
            for (i, column) in columns.enumerated() {
                let separate = try await client.walkAll(column, target: target, bulk: version != .v1)
                #expect(table.rows[i].map(\.value) == separate.map(\.value), "\(version) \(column)")
            }
            #expect(table.rows[0].count == 60)
        }
        try await client.close()
        await agent.stop()
    }
}
