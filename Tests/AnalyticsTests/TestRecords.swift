import NetsightModel

/// A hand-built flow record; only the fields a test names differ from zero.
func flow(
    _ src: String = "10.0.0.1", _ dst: String = "10.0.0.2", sport: UInt16 = 0, dport: UInt16 = 0, proto: UInt8 = 6,
    bytes: UInt64 = 0, packets: UInt64 = 0, start: UInt64 = 0, end: UInt64 = 0,
    srcAS: UInt32 = 0, dstAS: UInt32 = 0, inIf: UInt32 = 0, outIf: UInt32 = 0,
    exporter: String = "192.0.2.1", exporterName: String = "", exporterSite: String = "",
    srcSite: String = "", dstSite: String = "", tos: UInt8 = 0, flags: UInt8 = 0, vlan: UInt16 = 0,
    srcLen: UInt8 = 0, dstLen: UInt8 = 0
) -> FlowRecord {
    var r = FlowRecord()
    r.srcAddress = IPAddress(src)!
    r.dstAddress = IPAddress(dst)!
    r.srcPort = sport
    r.dstPort = dport
    r.proto = proto
    r.bytes = bytes
    r.packets = packets
    r.startMillis = start
    r.endMillis = end
    r.srcAS = srcAS
    r.dstAS = dstAS
    r.inputInterface = inIf
    r.outputInterface = outIf
    r.exporter = IPAddress(exporter)!
    r.exporterName = exporterName
    r.exporterSite = exporterSite
    r.srcSite = srcSite
    r.dstSite = dstSite
    r.tos = tos
    r.tcpFlags = flags
    r.vlan = vlan
    r.srcPrefixLength = srcLen
    r.dstPrefixLength = dstLen
    return r
}
