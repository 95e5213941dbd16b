import FlowCodec
import Foundation
import Testing
import NetsightModel

/// Small builders for hand-made NetFlow v9 / IPFIX / v5 packets, so each test states the
/// bytes it feeds the decoder.
enum Build {
    static func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xff)] }
    static func be32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * $0)) } }
    static func be64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (56 - 8 * UInt64($0))) } }
    static func v4(_ text: String) -> [UInt8] { be32(IPAddress(text)!.ipv4Value!) }
    static func v6(_ text: String) -> [UInt8] { IPAddress(text)!.bytes }

    /// A set/flowset: ID, length, body, zero padding to `padTo` bytes.
    static func set(_ id: UInt16, _ body: [UInt8], padTo: Int = 1) -> [UInt8] {
        var b = body
        while (b.count + 4) % padTo != 0 { b.append(0) }
        return be16(id) + be16(UInt16(b.count + 4)) + b
    }

    /// A template record: ID, field count, (type, length) pairs.
    static func template(_ id: UInt16, _ fields: [(UInt16, UInt16)]) -> [UInt8] {
        be16(id) + be16(UInt16(fields.count)) + fields.flatMap { be16($0.0) + be16($0.1) }
    }

    /// An IPFIX field specifier, with the enterprise bit and number when given.
    static func ipfixField(_ id: UInt16, _ length: UInt16, enterprise: UInt32? = nil) -> [UInt8] {
        guard let enterprise else { return be16(id) + be16(length) }
        return be16(id | 0x8000) + be16(length) + be32(enterprise)
    }

    /// A v9 options template record: ID, scope length, option length, scopes, options.
    static func v9OptionsTemplate(_ id: UInt16, scopes: [(UInt16, UInt16)], options: [(UInt16, UInt16)]) -> [UInt8] {
        be16(id) + be16(UInt16(scopes.count * 4)) + be16(UInt16(options.count * 4))
            + (scopes + options).flatMap { be16($0.0) + be16($0.1) }
    }

    static func v9(sourceID: UInt32 = 0, sysUptime: UInt32 = 10_000, unixSeconds: UInt32 = 1_700_000_000,
                   count: UInt16 = 0, _ sets: [UInt8]...) -> [UInt8] {
        be16(9) + be16(count) + be32(sysUptime) + be32(unixSeconds) + be32(1) + be32(sourceID) + sets.flatMap { $0 }
    }

    static func ipfix(domain: UInt32 = 0, exportSeconds: UInt32 = 1_700_000_000, _ sets: [UInt8]...) -> [UInt8] {
        let body = sets.flatMap { $0 }
        return be16(10) + be16(UInt16(16 + body.count)) + be32(exportSeconds) + be32(1) + be32(domain) + body
    }
}

let exporterA = IPAddress("192.0.2.1")!
let exporterB = IPAddress("192.0.2.2")!

/// Decodes `bytes` as one datagram.
func decode(_ bytes: [UInt8], exporter: IPAddress = exporterA, cache: inout TemplateCache,
            samplingOverride: UInt32? = nil, receivedAt: UInt64 = 1_700_000_100_000) -> FlowDecodeResult {
    bytes.withUnsafeBytes {
        FlowDecoder.decode($0, exporter: exporter, receivedAtMillis: receivedAt, templates: &cache,
                           samplingOverride: samplingOverride)
    }
}

func decode(_ bytes: [UInt8], exporter: IPAddress = exporterA, samplingOverride: UInt32? = nil) -> FlowDecodeResult {
    var cache = TemplateCache()
    return decode(bytes, exporter: exporter, cache: &cache, samplingOverride: samplingOverride)
}

/// The datagrams of one fixture directory (Fixtures/netflow/<name>/0001.bin ...), in order.
func fixtureDatagrams(_ name: String) throws -> [[UInt8]] {
    let root = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures/netflow/\(name)")
    let files = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".bin") }.sorted()
    return try files.map { [UInt8](try Data(contentsOf: root.appendingPathComponent($0))) }
}

/// Records of `result` sorted by source then destination, so assertions do not depend on
/// the exporter's order.
func sortedRecords(_ result: FlowDecodeResult) -> [FlowRecord] {
    result.records.sorted { ($0.srcAddress, $0.dstAddress, $0.srcPort) < ($1.srcAddress, $1.dstAddress, $1.srcPort) }
}
