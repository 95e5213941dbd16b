import Analytics
import NetsightModel

/// One decoded record as `flows decode` prints it: a stable, flat set of names that tests
/// and scripts (and the tshark cross-check) read.
struct FlowRecordView: Encodable {
    var version: String
    var start: String
    var end: String
    var startMillis: UInt64
    var endMillis: UInt64
    var exporter: String
    var domain: UInt32
    var src: String
    var dst: String
    var srcPort: UInt16
    var dstPort: UInt16
    var proto: UInt8
    var tcpFlags: UInt8
    var tos: UInt8
    var bytes: UInt64
    var packets: UInt64
    var rawBytes: UInt64
    var rawPackets: UInt64
    var samplingRate: UInt32
    var inIf: UInt32
    var outIf: UInt32
    var srcAS: UInt32
    var dstAS: UInt32
    var srcMask: UInt8
    var dstMask: UInt8
    var nextHop: String
    var direction: String
    var vlan: UInt16

    init(_ r: FlowRecord) {
        version = r.source.description
        start = UTCTime.rfc3339(r.startMillis)
        end = UTCTime.rfc3339(r.endMillis)
        startMillis = r.startMillis
        endMillis = r.endMillis
        exporter = r.exporter.description
        domain = r.observationDomain
        src = r.srcAddress.description
        dst = r.dstAddress.description
        srcPort = r.srcPort
        dstPort = r.dstPort
        proto = r.proto
        tcpFlags = r.tcpFlags
        tos = r.tos
        bytes = r.bytes
        packets = r.packets
        rawBytes = r.rawBytes
        rawPackets = r.rawPackets
        samplingRate = r.samplingRate
        inIf = r.inputInterface
        outIf = r.outputInterface
        srcAS = r.srcAS
        dstAS = r.dstAS
        srcMask = r.srcPrefixLength
        dstMask = r.dstPrefixLength
        nextHop = r.nextHop.description
        direction = switch r.direction {
        case .ingress: "ingress"
        case .egress: "egress"
        case .unknown: "unknown"
        }
        vlan = r.vlan
    }

    /// One line a person reads, nfdump-like.
    var text: String {
        let p = IPProtocolName.name(proto)
        let srcText = src.contains(":") ? "[\(src)]:\(srcPort)" : "\(src):\(srcPort)"
        let dstText = dst.contains(":") ? "[\(dst)]:\(dstPort)" : "\(dst):\(dstPort)"
        var line = "\(start) \(end) \(version) \(exporter)/\(domain) \(p) \(srcText) -> \(dstText)"
        line += " bytes=\(bytes) packets=\(packets)"
        if samplingRate != 1 { line += " (raw \(rawBytes)/\(rawPackets) x\(samplingRate))" }
        line += " if=\(inIf)->\(outIf)"
        if tcpFlags != 0 { line += " flags=0x\(String(tcpFlags, radix: 16))" }
        if tos != 0 { line += " tos=\(tos)" }
        if srcAS != 0 || dstAS != 0 { line += " as=\(srcAS)->\(dstAS)" }
        if vlan != 0 { line += " vlan=\(vlan)" }
        if nextHop != "::" && nextHop != "0.0.0.0" { line += " nh=\(nextHop)" }
        return line
    }
}
