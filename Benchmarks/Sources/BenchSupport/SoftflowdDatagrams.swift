/// Builds export datagrams with softflowd 1.1.0's IPv4 template (as captured in
/// Tests/FlowCodecTests/Fixtures/netflow): the same 16 fields, template ID 1024, and
/// about as many records per datagram as softflowd packs into a 1500-byte MTU.
public enum ExportFormat: String, Sendable, CaseIterable {
    case netflowV9 = "v9"
    case ipfix

    /// softflowd's IPv4 data record: 42 bytes in v9 (uptime-relative 4-byte times), 50 in
    /// IPFIX (8-byte absolute milliseconds).
    public var recordLength: Int { self == .ipfix ? 50 : 42 }

    /// Records per datagram, within the 26-30 softflowd sends: IPFIX 27, as many as fit
    /// in a 1472-byte payload next to the template set ((1472 - 16 - 72 - 4) / 50); v9 30.
    public var recordsPerDatagram: Int { self == .ipfix ? 27 : 30 }
}

public struct DatagramBuilder: Sendable {
    public let format: ExportFormat
    public let mix: FlowMix
    /// Every this many datagrams one carries the template set (softflowd refreshes it
    /// every 16 packets by default); the first one always does.
    public var templateEvery = 16
    /// The exporter's boot time, for v9's uptime-relative times.
    public var bootMillis: UInt64

    static let templateID: UInt16 = 1024
    /// (IE, length) in softflowd's order; v9 swaps IE 152/153 for 22/21 of 4 bytes.
    static let ipfixFields: [(UInt16, UInt16)] = [
        (8, 4), (12, 4), (152, 8), (153, 8), (1, 4), (2, 4), (10, 4), (14, 4),
        (61, 1), (136, 1), (7, 2), (11, 2), (4, 1), (6, 1), (60, 1), (5, 1),
    ]
    static let v9Fields: [(UInt16, UInt16)] = [
        (8, 4), (12, 4), (22, 4), (21, 4), (1, 4), (2, 4), (10, 4), (14, 4),
        (61, 1), (136, 1), (7, 2), (11, 2), (4, 1), (6, 1), (60, 1), (5, 1),
    ]

    public init(format: ExportFormat, mix: FlowMix) {
        self.format = format
        self.mix = mix
        self.bootMillis = mix.baseMillis - 86_400_000
    }

    /// Datagram number `n` of a run: flows `n * recordsPerDatagram ..< +recordsPerDatagram`.
    /// `exportMillis` stamps the header (the sender's clock); the flows' own times come from
    /// the mix, so every run of the same mix carries the same flows.
    public func datagram(_ n: Int, exportMillis: UInt64) -> [UInt8] {
        let per = format.recordsPerDatagram
        let first = UInt64(n * per)
        var out: [UInt8] = []
        out.reserveCapacity(1_500)
        let withTemplate = n % templateEvery == 0
        let fields = format == .ipfix ? Self.ipfixFields : Self.v9Fields
        switch format {
        case .ipfix:
            out.put16(10)
            out.put16(0)  // length, patched below
            out.put32(UInt32(truncatingIfNeeded: exportMillis / 1_000))
            out.put32(UInt32(truncatingIfNeeded: first))  // sequence: data records sent before
            out.put32(0)  // observation domain
        case .netflowV9:
            out.put16(9)
            out.put16(UInt16(per + (withTemplate ? 1 : 0)))  // records in the packet
            out.put32(UInt32(truncatingIfNeeded: exportMillis - bootMillis))
            out.put32(UInt32(truncatingIfNeeded: exportMillis / 1_000))
            out.put32(UInt32(truncatingIfNeeded: n))  // v9 counts packets
            out.put32(0)  // source ID
        }
        if withTemplate {
            out.put16(format == .ipfix ? 2 : 0)
            out.put16(UInt16(4 + 4 + 4 * fields.count))
            out.put16(Self.templateID)
            out.put16(UInt16(fields.count))
            for (ie, length) in fields {
                out.put16(ie)
                out.put16(length)
            }
        }
        out.put16(Self.templateID)
        out.put16(UInt16(4 + per * format.recordLength))
        for k in 0..<UInt64(per) {
            let f = mix.flow(first + k)
            out.put32(f.src)
            out.put32(f.dst)
            if format == .ipfix {
                out.put64(f.startMillis)
                out.put64(f.endMillis)
            } else {
                out.put32(UInt32(truncatingIfNeeded: f.startMillis - bootMillis))
                out.put32(UInt32(truncatingIfNeeded: f.endMillis - bootMillis))
            }
            out.put32(f.bytes)
            out.put32(f.packets)
            out.put32(f.inIf)
            out.put32(f.outIf)
            out.append(0)  // direction: ingress
            out.append(2)  // end reason: active timeout
            out.put16(f.srcPort)
            out.put16(f.dstPort)
            out.append(f.proto)
            out.append(f.tcpFlags)
            out.append(4)
            out.append(0)
        }
        if format == .ipfix {
            out[2] = UInt8(out.count >> 8)
            out[3] = UInt8(out.count & 0xFF)
        }
        return out
    }
}

extension [UInt8] {
    @inline(__always) mutating func put16(_ v: UInt16) {
        append(UInt8(v >> 8))
        append(UInt8(v & 0xFF))
    }
    @inline(__always) mutating func put32(_ v: UInt32) {
        put16(UInt16(v >> 16))
        put16(UInt16(v & 0xFFFF))
    }
    @inline(__always) mutating func put64(_ v: UInt64) {
        put32(UInt32(v >> 32))
        put32(UInt32(v & 0xFFFF_FFFF))
    }
}
