import FlowCodec
import NetsightModel
import Testing

@Suite("IPFIX")
struct IPFIXDecoderTests {
    static let basicTemplate = Build.set(2, Build.template(256, [(8, 4), (12, 4), (1, 4), (2, 4)]))
    static func basicRecord(_ bytes: UInt32 = 100) -> [UInt8] {
        Build.v4("10.0.0.1") + Build.v4("10.0.0.2") + Build.be32(bytes) + Build.be32(1)
    }

    @Test func enterpriseFieldsAreSkippedByLength() throws {
        let template = Build.set(2, Build.be16(256) + Build.be16(4) + Build.ipfixField(8, 4)
            + Build.ipfixField(1, 4, enterprise: 29305)  // reverse octetDeltaCount: not ours to count
            + Build.ipfixField(100, 6, enterprise: 9) + Build.ipfixField(12, 4))
        let record = Build.v4("10.0.0.1") + Build.be32(999) + [1, 2, 3, 4, 5, 6] + Build.v4("10.0.0.2")
        let result = decode(Build.ipfix(domain: 9, template, Build.set(256, record)))
        #expect(result.errors.isEmpty)
        #expect(result.version == 10)
        let f = try #require(result.records.first)
        #expect((f.srcAddress.description, f.dstAddress.description, f.bytes) == ("10.0.0.1", "10.0.0.2", 0))
        #expect((f.source, f.observationDomain) == (.ipfix, 9))
    }

    @Test func variableLengthFieldsShortAndLongForm() throws {
        // applicationName-like string (96, varlen) between two fixed fields.
        let template = Build.set(2, Build.template(256, [(7, 2), (96, 65535), (11, 2)]))
        let short = Build.be16(1) + [3, 0x61, 0x62, 0x63] + Build.be16(2)
        let long = Build.be16(3) + [255] + Build.be16(300) + [UInt8](repeating: 0x7a, count: 300) + Build.be16(4)
        let empty = Build.be16(5) + [0] + Build.be16(6)
        let result = decode(Build.ipfix(template, Build.set(256, short + long + empty + [0])))
        #expect(result.errors.isEmpty)
        #expect(result.records.map(\.srcPort) == [1, 3, 5])
        #expect(result.records.map(\.dstPort) == [2, 4, 6])
    }

    @Test func variableLengthOverrunIsABadRecord() {
        let template = Build.set(2, Build.template(256, [(7, 2), (96, 65535)]))
        let good = Build.be16(1) + [1, 0x61]
        let bad = Build.be16(2) + [40, 1, 2]
        let result = decode(Build.ipfix(template, Build.set(256, good + bad), Self.basicTemplate, Build.set(256, good)))
        #expect(result.records.map(\.srcPort).first == 1)
        #expect(result.errors.map(\.reason) == [.badRecord])
    }

    @Test func reducedSizeIntegers() throws {
        // octetDeltaCount in 3 bytes, packetDeltaCount in 1, srcPort in 1, ingressInterface in 2.
        let template = Build.set(2, Build.template(256, [(1, 3), (2, 1), (7, 1), (10, 2)]))
        let f = try #require(decode(Build.ipfix(template, Build.set(256, [0x01, 0x02, 0x03, 9, 80, 0x01, 0x00]))).records.first)
        #expect((f.bytes, f.packets, f.srcPort, f.inputInterface) == (0x010203, 9, 80, 256))
    }

    static let ntp2023: UInt64 = (1_700_000_000 + 2_208_988_800) << 32 | (1 << 31)  // .5 s

    @Test(arguments: [
        ("seconds 150/151", [(UInt16(150), UInt16(4)), (151, 4)], Build.be32(1_700_000_000) + Build.be32(1_700_000_060), UInt64(1_700_000_000_000), UInt64(1_700_000_060_000)),
        ("millis 152/153", [(152, 8), (153, 8)], Build.be64(1_700_000_000_123) + Build.be64(1_700_000_000_456), 1_700_000_000_123, 1_700_000_000_456),
        ("micros 154/155", [(154, 8), (155, 8)], Build.be64(ntp2023) + Build.be64(ntp2023 + (1 << 32)), 1_700_000_000_500, 1_700_000_001_500),
        ("nanos 156/157", [(156, 8), (157, 8)], Build.be64(ntp2023) + Build.be64(ntp2023), 1_700_000_000_500, 1_700_000_000_500),
        ("uptime with 160 in record", [(160, 8), (22, 4), (21, 4)], Build.be64(1_699_000_000_000) + Build.be32(5_000) + Build.be32(7_000), 1_699_000_005_000, 1_699_000_007_000),
        ("uptime without 160: end at export", [(22, 4), (21, 4)], Build.be32(5_000) + Build.be32(7_000), 1_699_999_998_000, 1_700_000_000_000),
        ("delta micros 158/159", [(158, 4), (159, 4)], Build.be32(3_000_000) + Build.be32(1_000_000), 1_699_999_997_000, 1_699_999_999_000),
        ("only an end", [(153, 8)], Build.be64(1_700_000_000_456), 1_700_000_000_456, 1_700_000_000_456),
    ] as [(String, [(UInt16, UInt16)], [UInt8], UInt64, UInt64)])
    func times(name: String, fields: [(UInt16, UInt16)], record: [UInt8], start: UInt64, end: UInt64) throws {
        let result = decode(Build.ipfix(exportSeconds: 1_700_000_000, Build.set(2, Build.template(256, fields)), Build.set(256, record)))
        let f = try #require(result.records.first, "\(name)")
        #expect(f.startMillis == start, "\(name)")
        #expect(f.endMillis == end, "\(name)")
    }

    @Test func systemInitTimeFromAnOptionsRecordAnchorsUptimes() throws {
        var cache = TemplateCache()
        let optionsTemplate = Build.set(3, Build.be16(500) + Build.be16(2) + Build.be16(1) + Build.ipfixField(149, 4) + Build.ipfixField(160, 8))
        let options = Build.set(500, Build.be32(0) + Build.be64(1_600_000_000_000))
        let template = Build.set(2, Build.template(256, [(22, 4), (21, 4)]))
        let result = decode(Build.ipfix(optionsTemplate, options, template, Build.set(256, Build.be32(1_000) + Build.be32(2_000))), cache: &cache)
        #expect(result.templatesChanged)
        let f = try #require(result.records.first)
        #expect((f.startMillis, f.endMillis) == (1_600_000_001_000, 1_600_000_002_000))
    }

    @Test func withdrawalOfOneTemplate() {
        var cache = TemplateCache()
        let two = Build.set(2, Build.template(256, [(1, 4)]) + Build.template(257, [(2, 4)]))
        _ = decode(Build.ipfix(two), cache: &cache)
        #expect(cache.templateCount == 2)
        let withdraw = decode(Build.ipfix(Build.set(2, Build.be16(256) + Build.be16(0))), cache: &cache)
        #expect(withdraw.templatesChanged && withdraw.errors.isEmpty)
        #expect(cache.templateKeys.map(\.templateID) == [257])
        let data = decode(Build.ipfix(Build.set(256, Build.be32(1))), cache: &cache)
        #expect(data.unknownTemplates.count == 1)
        #expect(data.errors.map(\.reason) == [.unknownTemplate])
    }

    @Test func withdrawAllDataOrAllOptionsTemplates() {
        var cache = TemplateCache()
        let data = Build.set(2, Build.template(256, [(1, 4)]) + Build.template(257, [(2, 4)]))
        let options = Build.set(3, Build.be16(258) + Build.be16(2) + Build.be16(1) + Build.ipfixField(149, 4) + Build.ipfixField(34, 4))
        _ = decode(Build.ipfix(domain: 1, data, options), cache: &cache)
        _ = decode(Build.ipfix(domain: 2, data), cache: &cache)
        #expect(cache.templateCount == 5)
        // "Withdraw all" in domain 1: template ID 2 in a template set.
        let all = decode(Build.ipfix(domain: 1, Build.set(2, Build.be16(2) + Build.be16(0))), cache: &cache)
        #expect(all.templatesChanged)
        #expect(cache.templateKeys.map { "\($0.domain)/\($0.templateID)" } == ["1/258", "2/256", "2/257"])
        _ = decode(Build.ipfix(domain: 1, Build.set(3, Build.be16(3) + Build.be16(0))), cache: &cache)
        #expect(cache.templateKeys.map { "\($0.domain)/\($0.templateID)" } == ["2/256", "2/257"])
    }

    @Test(arguments: [
        ("no fields (withdrawal of a reserved ID)", Build.set(2, Build.be16(100) + Build.be16(0))),
        ("field of length 0", Build.set(2, Build.template(256, [(8, 4), (12, 0)]))),
        ("longer than the set", Build.set(2, Build.be16(256) + Build.be16(50) + Build.be16(8) + Build.be16(4))),
        ("enterprise number cut off", Build.set(2, Build.be16(256) + Build.be16(1) + Build.be16(0x8001) + Build.be16(4))),
        ("scope count above field count", Build.set(3, Build.be16(256) + Build.be16(1) + Build.be16(2) + Build.ipfixField(149, 4))),
        ("reserved ID", Build.set(2, Build.template(255, [(8, 4)]))),
    ])
    func badTemplates(name: String, set: [UInt8]) {
        var cache = TemplateCache()
        let result = decode(Build.ipfix(Self.basicTemplate, set, Build.set(256, Self.basicRecord(5))), cache: &cache)
        #expect(result.errors.map(\.reason) == [.badTemplate], "\(name)")
        #expect(result.records.map(\.bytes) == [5], "\(name)")
    }

    @Test func messageLengthMustFitTheDatagram() {
        var message = Build.ipfix(Self.basicTemplate, Build.set(256, Self.basicRecord()))
        message[2] = 0x7f
        #expect(decode(message).errors.map(\.reason) == [.badLength])
        message[2] = 0; message[3] = 8
        #expect(decode(message).errors.map(\.reason) == [.badLength])
        // Bytes after the message length are ignored.
        let trailing = Build.ipfix(Self.basicTemplate, Build.set(256, Self.basicRecord())) + [1, 2, 3, 4, 5, 6, 7, 8]
        let result = decode(trailing)
        #expect(result.errors.isEmpty && result.records.count == 1)
    }

    /// softflowd 1.1.0 `-v 10 -A milli -6`: templates, a PSAMP-style options record
    /// (interval 1, space 0, system init time), six flows with millisecond times (152/153).
    @Test func softflowdFixture() throws {
        let datagrams = try fixtureDatagrams("softflowd-ipfix")
        #expect(datagrams.count == 1)
        var cache = TemplateCache()
        let exporter = IPAddress("127.0.0.1")!
        let result = decode(try #require(datagrams.first), exporter: exporter, cache: &cache)
        #expect(result.errors.isEmpty)
        #expect(cache.samplingRate(for: ExporterDomain(exporter: exporter, version: 10, domain: 0)) == 1)
        let flows = sortedRecords(result)
        #expect(flows.map(\.srcAddress.description) == ["10.0.0.1", "10.0.0.3", "10.0.0.5", "2001:db8::1", "2001:db8::3", "2001:db8::5"])
        #expect(flows.map(\.dstAddress.description) == ["10.0.0.2", "10.0.0.4", "10.0.0.6", "2001:db8::2", "2001:db8::4", "2001:db8::6"])
        #expect(flows.map(\.srcPort) == [40000, 5353, 0, 1234, 50000, 0])
        #expect(flows.map(\.dstPort) == [80, 53, 2048, 443, 22, 32768])  // ICMPv6 type 128 from IE 178/179
        #expect(flows.map(\.proto) == [6, 17, 1, 17, 6, 58])
        #expect(flows.map(\.bytes) == [220, 156, 84, 496, 60, 80])
        #expect(flows.map(\.packets) == [3, 2, 1, 2, 1, 1])
        let base: UInt64 = 1_700_000_000_000
        #expect(flows.map(\.startMillis) == [0, 200, 300, 400, 600, 700].map { base + $0 })
        #expect(flows.map(\.endMillis) == [1000, 2200, 300, 1400, 600, 700].map { base + $0 })
        #expect(flows.allSatisfy { $0.source == .ipfix && $0.direction == .ingress && $0.samplingRate == 1 })
    }
}
