import FlowCodec
import Foundation
import NetsightModel

/// What tshark's sFlow dissector shows for one datagram, reduced by
/// `scripts/sflow/tshark_check.py` to the fields FlowRecord and InterfaceCounterSample carry
/// (written next to the fixtures as `tshark.json`).
struct SFlowTsharkDatagram: Decodable {
    var agent: String
    var subAgent: UInt32
    var flows: [SFlowTsharkFlow]
    var counters: [SFlowTsharkCounters]
    var malformed: Bool
}

struct SFlowTsharkFlow: Decodable, Equatable, CustomStringConvertible {
    var src: String
    var dst: String
    var proto: UInt8
    var sport: UInt16
    var dport: UInt16
    var tcpFlags: UInt8
    var tos: UInt8
    var vlan: UInt16
    var input: UInt32
    var output: UInt32
    var rate: UInt32
    var rawBytes: UInt64
    var bytes: UInt64
    var nextHop: String
    var srcMask: UInt8
    var dstMask: UInt8
    var srcAS: UInt32
    var dstAS: UInt32

    /// The same reduction applied to a decoded record ("" for an absent address).
    init(_ r: FlowRecord) {
        func text(_ a: IPAddress) -> String { a == .zero ? "" : a.description }
        src = text(r.srcAddress)
        dst = text(r.dstAddress)
        proto = r.proto
        sport = r.srcPort
        dport = r.dstPort
        tcpFlags = r.tcpFlags
        tos = r.tos
        vlan = r.vlan
        input = r.inputInterface
        output = r.outputInterface
        rate = r.samplingRate
        rawBytes = r.rawBytes
        bytes = r.bytes
        nextHop = text(r.nextHop)
        srcMask = r.srcPrefixLength
        dstMask = r.dstPrefixLength
        srcAS = r.srcAS
        dstAS = r.dstAS
    }

    var description: String {
        "\(src):\(sport) > \(dst):\(dport) p\(proto) flags \(tcpFlags) tos \(tos) vlan \(vlan) if \(input)>\(output) "
            + "1/\(rate) \(rawBytes)B→\(bytes)B nh \(nextHop) /\(srcMask)/\(dstMask) AS \(srcAS)>\(dstAS)"
    }
}

struct SFlowTsharkCounters: Decodable, Equatable {
    var ifIndex: UInt32
    var ifType: UInt32
    var ifSpeed: UInt64
    var ifDirection: UInt32
    var ifStatus: UInt32
    var inOctets: UInt64
    var inUcast: UInt32
    var inMcast: UInt32
    var inBcast: UInt32
    var inDiscards: UInt32
    var inErrors: UInt32
    var inUnknown: UInt32
    var outOctets: UInt64
    var outUcast: UInt32
    var outMcast: UInt32
    var outBcast: UInt32
    var outDiscards: UInt32
    var outErrors: UInt32
    var promiscuous: UInt32

    init(_ c: InterfaceCounterSample) {
        ifIndex = c.ifIndex
        ifType = c.ifType
        ifSpeed = c.ifSpeed
        ifDirection = c.ifDirection
        ifStatus = c.ifStatus
        inOctets = c.inOctets
        inUcast = c.inUnicastPackets
        inMcast = c.inMulticastPackets
        inBcast = c.inBroadcastPackets
        inDiscards = c.inDiscards
        inErrors = c.inErrors
        inUnknown = c.inUnknownProtos
        outOctets = c.outOctets
        outUcast = c.outUnicastPackets
        outMcast = c.outMulticastPackets
        outBcast = c.outBroadcastPackets
        outDiscards = c.outDiscards
        outErrors = c.outErrors
        promiscuous = c.promiscuousMode
    }
}

enum SFlowTestDecode {
    static let udpSource = IPAddress("127.0.0.1")!
    static let receivedAt: UInt64 = 1_764_000_000_123

    /// Decodes `bytes` as one sFlow datagram from 127.0.0.1.
    static func decode(_ bytes: [UInt8]) -> FlowDecodeResult {
        var result = FlowDecodeResult()
        bytes.withUnsafeBytes {
            SFlowV5Decoder.decode($0, exporter: udpSource, receivedAtMillis: receivedAt, into: &result)
        }
        return result
    }

    static func tshark(_ directory: String) throws -> [String: SFlowTsharkDatagram] {
        let data = Data(try SFlowFixtureFiles.bytes("\(directory)/tshark.json"))
        return try JSONDecoder().decode([String: SFlowTsharkDatagram].self, from: data)
    }
}
