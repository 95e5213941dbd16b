import FlowCodec
import NetsightModel
import Testing

/// Decodes every sFlow fixture and compares each record with what tshark's sFlow dissector
/// shows for the same bytes (`tshark.json`, written by scripts/sflow/tshark_check.py).
@Suite struct SFlowFixtureTests {
    @Test(arguments: ["sflow/generated", "sflow/pmacctd"])
    func matchesTshark(directory: String) throws {
        let expected = try SFlowTestDecode.tshark(directory)
        let names = try SFlowFixtureFiles.names(in: directory, suffix: ".bin")
        #expect(names.count == expected.count)
        #expect(!names.isEmpty)
        for name in names {
            let want = try #require(expected[name], "\(name) missing from tshark.json")
            #expect(!want.malformed, "tshark finds \(name) malformed")
            let result = SFlowTestDecode.decode(try SFlowFixtureFiles.bytes("\(directory)/\(name)"))
            #expect(result.errors.isEmpty, "\(name): \(result.errors)")
            #expect(result.version == 20)
            #expect(result.records.map(SFlowTsharkFlow.init) == want.flows, "\(name)")
            #expect(result.counters.map(SFlowTsharkCounters.init) == want.counters, "\(name)")
            let agent = try #require(IPAddress(want.agent))
            for record in result.records {
                #expect(record.source == .sflow)
                #expect(record.exporter == agent, "agent address, not the UDP source")
                #expect(record.observationDomain == want.subAgent)
                #expect(record.startMillis == SFlowTestDecode.receivedAt)
                #expect(record.endMillis == SFlowTestDecode.receivedAt)
                #expect(record.rawPackets == 1)
                #expect(record.packets == UInt64(record.samplingRate))
            }
            for counters in result.counters {
                #expect(counters.agent == agent)
                #expect(counters.timestampMillis == SFlowTestDecode.receivedAt)
            }
        }
    }

    /// The same values, spelled out once by hand so a wrong tshark.json cannot hide a bug.
    @Test func ipv4TCPSampleByHand() throws {
        let result = SFlowTestDecode.decode(try SFlowFixtureFiles.bytes("sflow/generated/v4_tcp.bin"))
        let r = try #require(result.records.first)
        #expect(result.records.count == 1)
        #expect(r.exporter == IPAddress("10.1.1.1"))
        #expect(r.observationDomain == 7)
        #expect(r.srcAddress == IPAddress("192.0.2.10"))
        #expect(r.dstAddress == IPAddress("198.51.100.20"))
        #expect(r.proto == 6)
        #expect(r.srcPort == 51515)
        #expect(r.dstPort == 443)
        #expect(r.tcpFlags == 0x12)
        #expect(r.tos == 0x28)
        #expect(r.inputInterface == 3)
        #expect(r.outputInterface == 7)
        #expect(r.samplingRate == 512)
        // 14 Ethernet + 20 IPv4 + 20 TCP + 1400 payload + 4 FCS (the stripped bytes are kept).
        #expect(r.rawBytes == 1458)
        #expect(r.bytes == 1458 * 512)
        #expect(r.packets == 512)
    }

    @Test func routerAndGatewayByHand() throws {
        let result = SFlowTestDecode.decode(try SFlowFixtureFiles.bytes("sflow/generated/router_gateway.bin"))
        let r = try #require(result.records.first)
        #expect(r.nextHop == IPAddress("10.0.0.254"), "router next hop wins over the BGP next hop")
        #expect(r.srcPrefixLength == 24)
        #expect(r.dstPrefixLength == 16)
        #expect(r.srcAS == 64512)
        #expect(r.dstAS == 15169, "last AS of the path")
        #expect(r.tos == 0xb8)
        #expect(r.samplingRate == 4096)
    }

    @Test func expandedIPv6ByHand() throws {
        let result = SFlowTestDecode.decode(try SFlowFixtureFiles.bytes("sflow/generated/v6_tcp_expanded.bin"))
        let r = try #require(result.records.first)
        #expect(r.exporter == IPAddress("2001:db8::ff"))
        #expect(r.srcAddress == IPAddress("2001:db8::1"))
        #expect(r.dstAddress == IPAddress("2001:db8:1::53"))
        #expect(r.inputInterface == 20_000_000)
        #expect(r.outputInterface == 20_000_001)
        #expect(r.tos == 0xb8)
        #expect(r.tcpFlags == 0x18)
    }

    @Test func countersByHand() throws {
        let result = SFlowTestDecode.decode(try SFlowFixtureFiles.bytes("sflow/generated/counters.bin"))
        #expect(result.records.isEmpty)
        try #require(result.counters.count == 2)
        let c = result.counters[0]
        #expect(c.agent == IPAddress("10.1.1.5"))
        #expect(c.ifIndex == 1)
        #expect(c.ifType == 6)
        #expect(c.ifSpeed == 10_000_000_000)
        #expect(c.ifStatus == 3)
        #expect(c.inOctets == 123_456_789_012)
        #expect(c.inUnicastPackets == 1_000_001)
        #expect(c.outOctets == 98_765_432_109)
        #expect(c.outErrors == 11)
        #expect(c.promiscuousMode == 2)
        #expect(result.counters[1].ifIndex == 30_000_000, "expanded counter sample")
        #expect(result.counters[1].inOctets == 246_913_578_024)
    }

    @Test func icmpTypeAndCodeInDestinationPort() throws {
        let result = SFlowTestDecode.decode(try SFlowFixtureFiles.bytes("sflow/generated/icmp.bin"))
        #expect(result.records.map(\.proto) == [1, 58, 1])
        let icmpPorts: [UInt16] = [8 << 8, 128 << 8, 3 << 8 | 13]
        #expect(result.records.map(\.dstPort) == icmpPorts)
        #expect(result.records.map(\.srcPort) == [0, 0, 0])
    }

    @Test func unknownSamplesAndRecordsAreSkipped() throws {
        let result = SFlowTestDecode.decode(try SFlowFixtureFiles.bytes("sflow/generated/mixed_unknown.bin"))
        #expect(result.errors.isEmpty)
        #expect(result.records.count == 2)
        #expect(result.counters.map(\.ifIndex) == [8])
        // Output format 2 (multiple interfaces) and input format 1 (discarded) are not ifIndexes.
        #expect(result.records.map(\.outputInterface) == [0, 0])
        #expect(result.records.map(\.inputInterface) == [8, 0])
    }

    @Test func pmacctdSfprobeByHand() throws {
        let result = SFlowTestDecode.decode(try SFlowFixtureFiles.bytes("sflow/pmacctd/rate1-000.bin"))
        #expect(result.errors.isEmpty)
        #expect(result.records.count == 6)
        #expect(Set(result.records.map(\.exporter)) == [IPAddress("192.0.2.200")!])
        #expect(Set(result.records.map(\.observationDomain)) == [3])
        // pmacctd reports 0x3FFFFFFF ("internal"), which is no interface.
        #expect(Set(result.records.map(\.inputInterface)) == [0])
        let vlan = try #require(result.records.first { $0.vlan != 0 })
        #expect(vlan.vlan == 300)
        #expect(vlan.srcAddress == IPAddress("192.0.2.4"))
        #expect(vlan.dstPort == 161)
        #expect(vlan.rawBytes == 350)
        let rate2 = SFlowTestDecode.decode(try SFlowFixtureFiles.bytes("sflow/pmacctd/rate2-000.bin"))
        #expect(!rate2.records.isEmpty)
        #expect(rate2.records.allSatisfy { $0.samplingRate == 2 && $0.bytes == $0.rawBytes * 2 })
    }
}
