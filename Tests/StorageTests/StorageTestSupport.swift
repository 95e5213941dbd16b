import Foundation
import NetsightModel

@testable import Storage

/// A fresh directory under the system temp dir, removed when the value is released.
final class TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "netsight-storage-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Segment files below `root`, as "day/name", sorted.
    func segmentFiles(_ root: String) throws -> [String] {
        var out: [String] = []
        for day in try FileManager.default.contentsOfDirectory(atPath: root) where !day.hasPrefix(".") {
            for name in try FileManager.default.contentsOfDirectory(atPath: root + "/" + day) {
                out.append(day + "/" + name)
            }
        }
        return out.sorted()
    }
}

/// 2026-11-27T19:05:00Z, the minute used across tests.
let baseMinute: UInt64 = UInt64(CivilDate.days(year: 2026, month: 11, day: 27)) * 86_400_000 + (19 * 60 + 5) * 60_000

/// A record with every field set to a value derived from `i`, alternating IPv4 and IPv6
/// and cycling through a few strings (empty, ASCII, non-ASCII), so a round trip checks
/// every column and the dictionary encoding.
func sampleRecord(_ i: Int, startMillis: UInt64 = baseMinute) -> FlowRecord {
    var r = FlowRecord()
    let u = UInt64(i)
    r.startMillis = startMillis + u
    r.endMillis = startMillis + u + 500
    if i % 2 == 0 {
        r.exporter = IPAddress(ipv4: 0x0A00_0001 &+ UInt32(i % 7))
        r.srcAddress = IPAddress(ipv4: 0xC0A8_0000 &+ UInt32(i))
        r.dstAddress = IPAddress(ipv4: 0x0808_0808 &+ UInt32(i))
        r.nextHop = IPAddress(ipv4: 0x0A00_00FE)
    } else {
        r.exporter = IPAddress(high: 0x2001_0db8_0000_0000, low: UInt64(i % 5))
        r.srcAddress = IPAddress(high: 0x2001_0db8_0001_0000, low: u &* 0x9E37_79B9_7F4A_7C15)
        r.dstAddress = IPAddress(high: 0xfe80_0000_0000_0000 | u, low: ~u)
        r.nextHop = IPAddress(high: 0x2001_0db8_ffff_0000, low: 1)
    }
    r.observationDomain = UInt32(i % 3)
    r.inputInterface = UInt32(i % 48 + 1)
    r.outputInterface = UInt32(i % 24 + 100)
    r.srcPrefixLength = UInt8(i % 33)
    r.dstPrefixLength = UInt8(i % 129)
    r.srcPort = UInt16(truncatingIfNeeded: 1024 + i * 7)
    r.dstPort = [UInt16(443), 53, 80, 65535][i % 4]
    r.proto = [UInt8(6), 17, 1, 58][i % 4]
    r.tcpFlags = UInt8(truncatingIfNeeded: i)
    r.tos = UInt8(truncatingIfNeeded: i &* 4)
    r.setCounters(rawBytes: 40 + u * 13, rawPackets: 1 + u % 9, samplingRate: UInt32(i % 3 == 0 ? 1 : 1000))
    r.srcAS = UInt32(64_512 + i % 10)
    r.dstAS = UInt32.max - UInt32(i % 4)
    r.direction = [FlowDirection.ingress, .egress, .unknown][i % 3]
    r.vlan = UInt16(i % 4095)
    r.source = [FlowSource.netflowV5, .netflowV9, .ipfix, .sflow][i % 4]
    r.exporterName = ["edge-1", "core-router-zürich", ""][i % 3]
    r.exporterSite = ["Paris", "東京"][i % 2]
    r.srcSite = i % 5 == 0 ? "" : "site-\(i % 5)"
    r.dstSite = String(repeating: "x", count: i % 40)
    return r
}

/// Reads a file's bytes.
func fileBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Overwrites a file with `bytes`.
func writeFileBytes(_ path: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Start offsets and lengths of the blocks in a segment's bytes.
func blockExtents(_ bytes: [UInt8]) -> [(offset: Int, length: Int)] {
    var out: [(Int, Int)] = []
    var o = FlowSegmentFormat.fileHeaderSize
    while o + FlowSegmentFormat.blockHeaderSize <= bytes.count {
        let length = Int(bytes[o + 4]) | Int(bytes[o + 5]) << 8 | Int(bytes[o + 6]) << 16 | Int(bytes[o + 7]) << 24
        guard length > 0, o + length <= bytes.count else { break }
        out.append((o, length))
        o += length
    }
    return out
}

/// All records in the store over all time, every field.
func readAll(_ root: String, fields: FlowFieldSet = .all) throws -> ([FlowRecord], FlowScanStats) {
    var out: [FlowRecord] = []
    let stats = try FlowStoreReader(directory: root).scan(fromMillis: 0, toMillis: .max, fields: fields) { out += $0 }
    return (out, stats)
}
