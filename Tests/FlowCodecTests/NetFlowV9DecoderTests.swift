import FlowCodec
import NetsightModel
import Testing

@Suite("NetFlow v9")
struct NetFlowV9DecoderTests {
    /// src, dst (IPv4), ports, proto, bytes (4), packets (4), FIRST/LAST_SWITCHED.
    static let basicFields: [(UInt16, UInt16)] = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (1, 4), (2, 4), (22, 4), (21, 4)]

    static func basicRecord(src: String = "10.0.0.1", dst: String = "10.0.0.2", srcPort: UInt16 = 1000,
                            dstPort: UInt16 = 80, proto: UInt8 = 6, bytes: UInt32 = 500, packets: UInt32 = 5,
                            first: UInt32 = 4_000, last: UInt32 = 9_000) -> [UInt8] {
        Build.v4(src) + Build.v4(dst) + Build.be16(srcPort) + Build.be16(dstPort) + [proto]
            + Build.be32(bytes) + Build.be32(packets) + Build.be32(first) + Build.be32(last)
    }

    static let basicTemplate = Build.set(0, Build.template(256, basicFields))

    @Test func templateAndDataInOnePacket() throws {
        let packet = Build.v9(sourceID: 42, sysUptime: 10_000, unixSeconds: 1_700_000_000,
                              Self.basicTemplate, Build.set(256, Self.basicRecord() + Self.basicRecord(srcPort: 1001), padTo: 4))
        var cache = TemplateCache()
        let result = decode(packet, cache: &cache)
        #expect(result.errors.isEmpty)
        #expect(result.version == 9)
        #expect(result.templatesChanged)
        #expect(cache.templateKeys == [TemplateKey(exporter: exporterA, version: 9, domain: 42, templateID: 256)])
        #expect(result.records.count == 2)
        let f = try #require(result.records.first)
        #expect((f.source, f.exporter, f.observationDomain) == (.netflowV9, exporterA, 42))
        #expect((f.srcAddress.description, f.dstAddress.description) == ("10.0.0.1", "10.0.0.2"))
        #expect((f.srcPort, f.dstPort, f.proto, f.bytes, f.packets) == (1000, 80, 6, 500, 5))
        // Uptime 10 s at 1_700_000_000 s: 4 s and 9 s of uptime were 6 s and 1 s earlier.
        #expect((f.startMillis, f.endMillis) == (1_699_999_994_000, 1_699_999_999_000))
        #expect(result.records[1].srcPort == 1001)
    }

    @Test func unknownTemplateIsCountedThenDecodedOnceTheTemplateArrives() throws {
        var cache = TemplateCache()
        let data = Build.set(256, Self.basicRecord())
        let key = TemplateKey(exporter: exporterA, version: 9, domain: 7, templateID: 256)
        // Data first, then an unrelated good template in the same packet: still learned.
        let first = decode(Build.v9(sourceID: 7, data, Build.set(0, Build.template(300, [(8, 4)]))), cache: &cache)
        #expect(first.records.isEmpty)
        #expect(first.unknownTemplates == [key: 1])
        #expect(first.errors.map(\.reason) == [.unknownTemplate])
        #expect(first.errors.first?.detail.contains("192.0.2.1") == true)
        #expect(first.errors.first?.detail.contains("domain 7") == true)
        #expect(first.errors.first?.detail.contains("template 256") == true)
        #expect(cache.templateCount == 1)

        let second = decode(Build.v9(sourceID: 7, Self.basicTemplate), cache: &cache)
        #expect(second.templatesChanged && second.records.isEmpty && second.errors.isEmpty)
        let third = decode(Build.v9(sourceID: 7, data), cache: &cache)
        #expect(third.errors.isEmpty && third.unknownTemplates.isEmpty)
        #expect(third.records.map(\.bytes) == [500])
        #expect(!third.templatesChanged)
    }

    @Test func templatesAreKeyedByExporterAndSourceID() {
        var cache = TemplateCache()
        _ = decode(Build.v9(sourceID: 1, Self.basicTemplate), cache: &cache)
        let data = Build.set(256, Self.basicRecord())
        #expect(decode(Build.v9(sourceID: 1, data), exporter: exporterB, cache: &cache).unknownTemplates.count == 1)
        #expect(decode(Build.v9(sourceID: 2, data), cache: &cache).unknownTemplates.count == 1)
        #expect(decode(Build.v9(sourceID: 1, data), cache: &cache).records.count == 1)
    }

    @Test func refreshWithSameLayoutChangesNothingButNewLayoutReplaces() throws {
        var cache = TemplateCache()
        _ = decode(Build.v9(Self.basicTemplate), cache: &cache)
        let refresh = decode(Build.v9(Self.basicTemplate), cache: &cache)
        #expect(!refresh.templatesChanged)
        // Template 256 reused with another layout: destination port first, then bytes (2 bytes).
        let reused = Build.set(0, Build.template(256, [(11, 2), (1, 2)]))
        let result = decode(Build.v9(reused, Build.set(256, Build.be16(53) + Build.be16(77), padTo: 4)), cache: &cache)
        #expect(result.templatesChanged)
        #expect(result.errors.isEmpty)
        #expect(result.records.map(\.dstPort) == [53])
        #expect(result.records.map(\.bytes) == [77])
        #expect(cache.templateCount == 1)
    }

    @Test func flowsetsInAnyOrderAndNumberWithPadding() {
        var cache = TemplateCache()
        // Two templates in one flowset, padded; data for both, interleaved with another template flowset.
        let templates = Build.set(0, Build.template(256, Self.basicFields) + Build.template(257, [(8, 4), (1, 1)]), padTo: 8)
        let packet = Build.v9(
            templates,
            Build.set(257, Build.v4("10.9.9.9") + [9] + Build.v4("10.9.9.8") + [8], padTo: 4),
            Build.set(0, Build.template(258, [(12, 4)])),
            Build.set(256, Self.basicRecord(bytes: 1), padTo: 4),
            Build.set(258, Build.v4("10.7.7.7")),
            Build.set(256, Self.basicRecord(bytes: 2)))
        let result = decode(packet, cache: &cache)
        #expect(result.errors.isEmpty)
        #expect(result.records.map(\.bytes) == [9, 8, 1, 0, 2])
        #expect(result.records[3].dstAddress.description == "10.7.7.7")
        #expect(cache.templateCount == 3)
    }

    @Test func decodesTheWiderFieldSet() throws {
        let fields: [(UInt16, UInt16)] = [
            (27, 16), (28, 16), (62, 16), (29, 1), (30, 1), (10, 4), (14, 2), (16, 4), (17, 2), (5, 1), (6, 1),
            (58, 2), (61, 1), (85, 8), (86, 8), (4, 1), (139, 2),
        ]
        var record = Build.v6("2001:db8::1") + Build.v6("2001:db8::2") + Build.v6("fe80::1") + [48, 64]
        record += Build.be32(11) + Build.be16(12) + Build.be32(4_200_000_000) + Build.be16(65001) + [0x2e, 0x12]
        record += Build.be16(0x1064) + [1] + Build.be64(10_000_000_000) + Build.be64(3) + [58] + Build.be16(0x8100)
        let result = decode(Build.v9(Build.set(0, Build.template(256, fields)), Build.set(256, record)))
        #expect(result.errors.isEmpty)
        let f = try #require(result.records.first)
        #expect(f.srcAddress == IPAddress("2001:db8::1"))
        #expect(f.dstAddress == IPAddress("2001:db8::2"))
        #expect(f.nextHop == IPAddress("fe80::1"))
        #expect((f.srcPrefixLength, f.dstPrefixLength) == (48, 64))
        #expect((f.inputInterface, f.outputInterface, f.srcAS, f.dstAS) == (11, 12, 4_200_000_000, 65001))
        #expect((f.tos, f.dscp, f.tcpFlags) == (0x2e, 0x0b, 0x12))
        #expect(f.vlan == 0x064)  // PCP bits are not part of the VLAN ID
        #expect(f.direction == .egress)
        // Totals (85/86) stand in for delta counters when those are absent.
        #expect((f.bytes, f.packets) == (10_000_000_000, 3))
        #expect((f.proto, f.dstPort) == (58, 0x8100))  // ICMPv6 type 129 code 0 as nfdump stores it
        // No time fields: the export time.
        #expect((f.startMillis, f.endMillis) == (1_700_000_000_000, 1_700_000_000_000))
    }

    @Test func deltaCountersWinOverTotalsAndOutCounters() throws {
        let fields: [(UInt16, UInt16)] = [(23, 4), (85, 4), (1, 4), (24, 4), (2, 4)]
        let record = Build.be32(1) + Build.be32(2) + Build.be32(3) + Build.be32(4) + Build.be32(5)
        let f = try #require(decode(Build.v9(Build.set(0, Build.template(256, fields)), Build.set(256, record))).records.first)
        #expect((f.bytes, f.packets) == (3, 5))
        let outOnly = decode(Build.v9(Build.set(0, Build.template(256, [(23, 4), (24, 4)])), Build.set(256, Build.be32(6) + Build.be32(7))))
        #expect(outOnly.records.map(\.bytes) == [6])
        #expect(outOnly.records.map(\.packets) == [7])
    }

    @Test func firstAndLastSwitchedAcrossUptimeWrap() throws {
        // Header uptime 2 s after a wrap; the flow started 3 s before the wrap (5 s ago).
        let record = Self.basicRecord(first: UInt32.max - 2_999, last: 1_000)
        let result = decode(Build.v9(sysUptime: 2_000, Self.basicTemplate, Build.set(256, record)))
        let f = try #require(result.records.first)
        #expect(f.startMillis == 1_700_000_000_000 - 5_000)
        #expect(f.endMillis == 1_700_000_000_000 - 1_000)
    }

    @Test(arguments: [
        ("no fields", Build.set(0, Build.template(256, []))),
        ("field of length 0", Build.set(0, Build.template(256, [(8, 4), (12, 0)]))),
        ("longer than the set", Build.set(0, Build.be16(256) + Build.be16(10) + Build.be16(8) + Build.be16(4))),
        ("reserved ID", Build.set(0, Build.template(5, [(8, 4)]))),
        ("options: bad lengths", Build.set(1, Build.be16(256) + Build.be16(2) + Build.be16(4) + Build.be16(1) + Build.be16(4))),
        ("options: longer than set", Build.set(1, Build.be16(256) + Build.be16(4) + Build.be16(40) + Build.be16(1) + Build.be16(4))),
    ])
    func badTemplatesAreRejected(name: String, set: [UInt8]) {
        var cache = TemplateCache()
        // A good data set after the bad template set still decodes.
        let result = decode(Build.v9(Build.set(0, Build.template(300, [(1, 4)])), set, Build.set(300, Build.be32(9))), cache: &cache)
        #expect(result.errors.map(\.reason) == [.badTemplate], "\(name)")
        #expect(result.records.map(\.bytes) == [9], "\(name)")
        #expect(cache.templateCount == 1, "\(name)")
    }

    @Test func flowsetLengthErrorsStopTheWalkWithoutLosingEarlierData() {
        let good = Build.set(256, Self.basicRecord())
        var cache = TemplateCache()
        _ = decode(Build.v9(Self.basicTemplate), cache: &cache)
        let zero = decode(Build.v9(good, Build.be16(256) + Build.be16(0) + [1, 2, 3, 4]), cache: &cache)
        #expect(zero.records.count == 1)
        #expect(zero.errors.map(\.reason) == [.badLength])
        let past = decode(Build.v9(good, Build.be16(256) + Build.be16(400) + [1, 2, 3, 4]), cache: &cache)
        #expect(past.records.count == 1)
        #expect(past.errors.map(\.reason) == [.badLength])
        let header = decode(Array(Build.v9().prefix(12)), cache: &cache)
        #expect(header.errors.map(\.reason) == [.truncated])
    }

    /// softflowd 1.1.0 `-v 9 -a -6`: four templates, a sampling options template and record,
    /// then six flows (the header count of 6 covers only the template flowsets, so tshark
    /// stops early; the decoder walks flowsets by length).
    @Test func softflowdFixture() throws {
        let datagrams = try fixtureDatagrams("softflowd-v9")
        #expect(datagrams.count == 1)
        var cache = TemplateCache()
        let result = decode(try #require(datagrams.first), exporter: IPAddress("127.0.0.1")!, cache: &cache)
        #expect(result.errors.isEmpty)
        #expect(cache.templateKeys.map(\.templateID) == [256, 1024, 1025, 2048, 2049])
        let flows = sortedRecords(result)
        #expect(flows.map(\.srcAddress.description) == ["10.0.0.1", "10.0.0.3", "10.0.0.5", "2001:db8::1", "2001:db8::3", "2001:db8::5"])
        #expect(flows.map(\.dstAddress.description) == ["10.0.0.2", "10.0.0.4", "10.0.0.6", "2001:db8::2", "2001:db8::4", "2001:db8::6"])
        #expect(flows.map(\.srcPort) == [40000, 5353, 0, 1234, 50000, 0])
        #expect(flows.map(\.dstPort) == [80, 53, 2048, 443, 22, 32768])
        #expect(flows.map(\.proto) == [6, 17, 1, 17, 6, 58])
        #expect(flows.map(\.bytes) == [220, 156, 84, 496, 60, 80])
        #expect(flows.map(\.packets) == [3, 2, 1, 2, 1, 1])
        #expect(flows.map(\.samplingRate) == [1, 1, 1, 1, 1, 1])
        #expect(flows.map(\.tcpFlags) == [0x13, 0, 0, 0, 0x02, 0])
        // v9 headers carry whole seconds only: export 1_700_000_002 s at uptime 2.2 s, so
        // uptime 0 maps to 1_699_999_999.8 s (the 0.2 s the header cannot express).
        let base: UInt64 = 1_699_999_999_800
        #expect(flows.map(\.startMillis) == [0, 200, 300, 400, 600, 700].map { base + $0 })
        #expect(flows.map(\.endMillis) == [1000, 2200, 300, 1400, 600, 700].map { base + $0 })
        #expect(flows.allSatisfy { $0.direction == .ingress && $0.source == .netflowV9 })
    }

    /// softflowd `-s 10`: the options record (scope Interface) announces interval 10; the one
    /// sampled flow (first TCP packet, 40 bytes) is scaled by it.
    @Test func softflowdSampledFixture() throws {
        let datagrams = try fixtureDatagrams("softflowd-v9-sampled")
        var cache = TemplateCache()
        let exporter = IPAddress("127.0.0.1")!
        let result = decode(try #require(datagrams.first), exporter: exporter, cache: &cache)
        #expect(result.errors.isEmpty)
        #expect(cache.samplingRate(for: ExporterDomain(exporter: exporter, version: 9, domain: 0)) == 10)
        let f = try #require(result.records.first)
        #expect((f.srcAddress.description, f.dstAddress.description, f.srcPort, f.dstPort) == ("10.0.0.1", "10.0.0.2", 40000, 80))
        #expect((f.rawBytes, f.rawPackets, f.samplingRate, f.bytes, f.packets) == (40, 1, 10, 400, 10))
        #expect(f.startMillis == 1_700_000_000_000)
    }
}
