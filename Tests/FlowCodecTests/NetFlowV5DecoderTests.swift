import FlowCodec
import NetsightModel
import Testing

@Suite("NetFlow v5")
struct NetFlowV5DecoderTests {
    /// A v5 header followed by `records`, `count` defaulting to the real number.
    static func packet(count: UInt16? = nil, sysUptime: UInt32 = 100_000, seconds: UInt32 = 1_700_000_000,
                       nanos: UInt32 = 500_000_000, engine: (UInt8, UInt8) = (1, 2), sampling: UInt16 = 0,
                       records: [[UInt8]]) -> [UInt8] {
        Build.be16(5) + Build.be16(count ?? UInt16(records.count)) + Build.be32(sysUptime) + Build.be32(seconds)
            + Build.be32(nanos) + Build.be32(7) + [engine.0, engine.1] + Build.be16(sampling) + records.flatMap { $0 }
    }

    static func record(src: String = "10.1.1.1", dst: String = "10.2.2.2", nextHop: String = "10.0.0.254",
                       input: UInt16 = 3, output: UInt16 = 4, packets: UInt32 = 10, bytes: UInt32 = 1500,
                       first: UInt32 = 90_000, last: UInt32 = 99_000, srcPort: UInt16 = 1234, dstPort: UInt16 = 443,
                       flags: UInt8 = 0x1b, proto: UInt8 = 6, tos: UInt8 = 0xb8, srcAS: UInt16 = 64500,
                       dstAS: UInt16 = 64501, srcMask: UInt8 = 24, dstMask: UInt8 = 16) -> [UInt8] {
        var r = Build.v4(src) + Build.v4(dst) + Build.v4(nextHop) + Build.be16(input) + Build.be16(output)
        r += Build.be32(packets) + Build.be32(bytes) + Build.be32(first) + Build.be32(last)
        r += Build.be16(srcPort) + Build.be16(dstPort) + [0, flags, proto, tos]
        r += Build.be16(srcAS) + Build.be16(dstAS) + [srcMask, dstMask, 0, 0]
        return r
    }

    @Test func decodesEveryField() throws {
        let result = decode(Self.packet(records: [Self.record()]))
        #expect(result.errors.isEmpty)
        #expect(result.version == 5)
        let f = try #require(result.records.first)
        #expect(f.source == .netflowV5)
        #expect(f.exporter == exporterA)
        #expect(f.observationDomain == 0x0102)
        #expect(f.srcAddress.description == "10.1.1.1")
        #expect(f.dstAddress.description == "10.2.2.2")
        #expect(f.nextHop.description == "10.0.0.254")
        #expect((f.inputInterface, f.outputInterface) == (3, 4))
        #expect((f.srcPort, f.dstPort, f.proto, f.tcpFlags, f.tos) == (1234, 443, 6, 0x1b, 0xb8))
        #expect((f.srcAS, f.dstAS, f.srcPrefixLength, f.dstPrefixLength) == (64500, 64501, 24, 16))
        #expect((f.bytes, f.packets, f.rawBytes, f.rawPackets, f.samplingRate) == (1500, 10, 1500, 10, 1))
        // Export time 1_700_000_000.5 s at uptime 100 s: uptime 90 s was 10 s earlier.
        #expect(f.startMillis == 1_700_000_000_500 - 10_000)
        #expect(f.endMillis == 1_700_000_000_500 - 1_000)
    }

    /// (sampling field, expected rate): low 14 bits are the interval, top 2 bits the mode.
    static let samplingCases: [(UInt16, UInt32)] = [
        (0, 1), (0x4000 | 100, 100), (0x8000 | 1000, 1000), (0xC000 | 0x3fff, 0x3fff), (64, 64),
    ]

    @Test(arguments: samplingCases)
    func headerSamplingScalesCounters(field: UInt16, rate: UInt32) throws {
        let result = decode(Self.packet(sampling: field, records: [Self.record(packets: 3, bytes: 200)]))
        let f = try #require(result.records.first)
        #expect(f.samplingRate == rate)
        #expect((f.rawBytes, f.rawPackets) == (200, 3))
        #expect((f.bytes, f.packets) == (200 * UInt64(rate), 3 * UInt64(rate)))
    }

    @Test func overrideWinsOverHeaderRate() throws {
        let result = decode(Self.packet(sampling: 0x4000 | 100, records: [Self.record(packets: 1, bytes: 100)]),
                            samplingOverride: 7)
        let f = try #require(result.records.first)
        #expect((f.samplingRate, f.bytes, f.rawBytes) == (7, 700, 100))
    }

    @Test func uptimeWrapKeepsStartInThePast() throws {
        // The router's uptime wrapped: header uptime 1000 ms, flow started at 2^32 - 4000.
        let result = decode(Self.packet(sysUptime: 1_000, nanos: 0, records: [Self.record(first: UInt32.max - 3_999, last: 500)]))
        let f = try #require(result.records.first)
        #expect(f.startMillis == 1_700_000_000_000 - 5_000)
        #expect(f.endMillis == 1_700_000_000_000 - 500)
    }

    @Test func countBeyondDatagramDecodesWhatFitsAndReportsBadLength() {
        let result = decode(Self.packet(count: 3, records: [Self.record(srcPort: 1), Self.record(srcPort: 2)]))
        #expect(result.records.map(\.srcPort) == [1, 2])
        #expect(result.errors.map(\.reason) == [.badLength])
    }

    @Test func countAboveThirtyIsReported() {
        let records = (0..<31).map { Self.record(srcPort: UInt16($0)) }
        let result = decode(Self.packet(records: records))
        #expect(result.records.count == 30)
        #expect(result.errors.map(\.reason) == [.badLength])
    }

    @Test func shortHeaderIsTruncated() {
        let result = decode(Array(Self.packet(records: []).prefix(20)))
        #expect(result.records.isEmpty)
        #expect(result.errors.map(\.reason) == [.truncated])
    }

    /// softflowd 1.1.0 `-v 5 -a` over the generated pcap; values as tshark shows them.
    @Test func softflowdFixture() throws {
        let datagrams = try fixtureDatagrams("softflowd-v5")
        #expect(datagrams.count == 1)
        let result = decode(try #require(datagrams.first))
        #expect(result.errors.isEmpty)
        let flows = sortedRecords(result)
        #expect(flows.map(\.srcAddress.description) == ["10.0.0.1", "10.0.0.3", "10.0.0.5"])
        #expect(flows.map(\.dstAddress.description) == ["10.0.0.2", "10.0.0.4", "10.0.0.6"])
        #expect(flows.map(\.srcPort) == [40000, 5353, 0])
        #expect(flows.map(\.dstPort) == [80, 53, 2048])  // ICMP echo: type 8 * 256
        #expect(flows.map(\.proto) == [6, 17, 1])
        #expect(flows.map(\.bytes) == [220, 156, 84])
        #expect(flows.map(\.packets) == [3, 2, 1])
        // Header: uptime 2.2 s at 1_700_000_002.2 s; tshark's relative starts 0.0/0.2/0.3 s.
        #expect(flows.map(\.startMillis) == [1_700_000_000_000, 1_700_000_000_200, 1_700_000_000_300])
        #expect(flows.map(\.endMillis) == [1_700_000_001_000, 1_700_000_002_200, 1_700_000_000_300])
        #expect(flows.map(\.tcpFlags) == [0x13, 0, 0])
        #expect(flows.map(\.tos) == [0x28, 0, 0])
    }
}
