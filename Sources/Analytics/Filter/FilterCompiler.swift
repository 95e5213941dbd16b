import NetsightModel

/// Turns a `FilterExpression` into closures, and lists the fields it reads.
///
/// Address tests are pre-split into (mask, network) word pairs so a prefix test is two ANDs
/// and two compares; an IPv4 prefix's mask covers the `::ffff:` part of the IPv4-mapped
/// form, so IPv6 addresses fail it without a family check. Equality on ports, protocol and
/// AS gets its own closure because it is what people filter on most.
enum FilterCompiler {
    typealias Test = @Sendable (FlowRecord) -> Bool

    static func compile(_ e: FilterExpression) -> Test {
        switch e {
        case .any:
            return { _ in true }
        case .not(let inner):
            let a = compile(inner)
            return { !a($0) }
        case .and(let l, let r):
            let a = compile(l), b = compile(r)
            return { a($0) && b($0) }
        case .or(let l, let r):
            let a = compile(l), b = compile(r)
            return { a($0) || b($0) }
        case .predicate(let p):
            return compile(p)
        }
    }

    /// Either side, or just one: the sided closures are built from one per-side closure.
    private static func sided(_ side: FilterSide, src: @escaping Test, dst: @escaping Test) -> Test {
        switch side {
        case .src: return src
        case .dst: return dst
        case .either: return { src($0) || dst($0) }
        }
    }

    private static func compile(_ p: FilterPredicate) -> Test {
        switch p {
        case .address(let side, let a):
            let h = a.high, l = a.low
            return sided(side,
                src: { $0.srcAddress.low == l && $0.srcAddress.high == h },
                dst: { $0.dstAddress.low == l && $0.dstAddress.high == h })
        case .prefix(let side, let prefix):
            let m = PrefixMatcher(prefix)
            return sided(side, src: { m.contains($0.srcAddress) }, dst: { m.contains($0.dstAddress) })
        case .prefixList(let side, let prefixes):
            let ms = prefixes.map(PrefixMatcher.init)
            return sided(side,
                src: { r in ms.contains { $0.contains(r.srcAddress) } },
                dst: { r in ms.contains { $0.contains(r.dstAddress) } })
        case .port(let side, let c):
            if c.op == .equal {
                let v = UInt16(truncatingIfNeeded: c.value)
                return sided(side, src: { $0.srcPort == v }, dst: { $0.dstPort == v })
            }
            return sided(side, src: { c.test(UInt64($0.srcPort)) }, dst: { c.test(UInt64($0.dstPort)) })
        case .portList(let side, let ports):
            // A 64 Ki-bit set: constant time whatever the list length.
            var bits = [UInt64](repeating: 0, count: 1024)
            for port in ports { bits[Int(port >> 6)] |= 1 << UInt64(port & 63) }
            let set = bits
            return sided(side,
                src: { set[Int($0.srcPort >> 6)] & (1 << UInt64($0.srcPort & 63)) != 0 },
                dst: { set[Int($0.dstPort >> 6)] & (1 << UInt64($0.dstPort & 63)) != 0 })
        case .proto(let n):
            return { $0.proto == n }
        case .asn(let side, let c):
            if c.op == .equal {
                let v = UInt32(truncatingIfNeeded: c.value)
                return sided(side, src: { $0.srcAS == v }, dst: { $0.dstAS == v })
            }
            return sided(side, src: { c.test(UInt64($0.srcAS)) }, dst: { c.test(UInt64($0.dstAS)) })
        case .asnList(let side, let list):
            let set = Set(list)
            return sided(side, src: { set.contains($0.srcAS) }, dst: { set.contains($0.dstAS) })
        case .interface(let side, let c):
            return sided(side, src: { c.test(UInt64($0.inputInterface)) }, dst: { c.test(UInt64($0.outputInterface)) })
        case .exporter(let name, let address):
            if let a = address {
                return { $0.exporter == a || $0.exporterName == name }
            }
            return { $0.exporterName == name }
        case .exporterSite(let name):
            return { $0.exporterSite == name }
        case .site(let side, let name):
            return sided(side, src: { $0.srcSite == name }, dst: { $0.dstSite == name })
        case .bytes(let c):
            return { c.test($0.bytes) }
        case .packets(let c):
            return { c.test($0.packets) }
        case .flows(let c):
            let constant = c.test(1)
            return { _ in constant }
        case .tos(let c):
            return { c.test(UInt64($0.tos)) }
        case .dscp(let c):
            return { c.test(UInt64($0.tos >> 2)) }
        case .tcpFlags(let mask, let exact):
            if exact { return { $0.tcpFlags == mask } }
            return { $0.tcpFlags & mask == mask }
        case .vlan(let c):
            return { c.test(UInt64($0.vlan)) }
        case .ipv4:
            return { $0.srcAddress.isIPv4 && $0.dstAddress.isIPv4 }
        case .ipv6:
            return { !$0.srcAddress.isIPv4 && !$0.dstAddress.isIPv4 }
        }
    }

    static func fields(_ e: FilterExpression) -> FlowFieldSet {
        switch e {
        case .any: return []
        case .not(let a): return fields(a)
        case .and(let a, let b), .or(let a, let b): return fields(a).union(fields(b))
        case .predicate(let p): return fields(p)
        }
    }

    private static func fields(_ p: FilterPredicate) -> FlowFieldSet {
        func sided(_ s: FilterSide, _ src: FlowField, _ dst: FlowField) -> FlowFieldSet {
            switch s {
            case .src: FlowFieldSet([src])
            case .dst: FlowFieldSet([dst])
            case .either: FlowFieldSet([src, dst])
            }
        }
        switch p {
        case .address(let s, _), .prefix(let s, _), .prefixList(let s, _): return sided(s, .srcAddress, .dstAddress)
        case .port(let s, _), .portList(let s, _): return sided(s, .srcPort, .dstPort)
        case .proto: return FlowFieldSet([.proto])
        case .asn(let s, _), .asnList(let s, _): return sided(s, .srcAS, .dstAS)
        case .interface(let s, _): return sided(s, .inputInterface, .outputInterface)
        case .exporter(_, let a): return FlowFieldSet(a == nil ? [.exporterName] : [.exporter, .exporterName])
        case .exporterSite: return FlowFieldSet([.exporterSite])
        case .site(let s, _): return sided(s, .srcSite, .dstSite)
        case .bytes: return FlowFieldSet([.bytes])
        case .packets: return FlowFieldSet([.packets])
        case .flows: return []
        case .tos, .dscp: return FlowFieldSet([.tos])
        case .tcpFlags: return FlowFieldSet([.tcpFlags])
        case .vlan: return FlowFieldSet([.vlan])
        case .ipv4, .ipv6: return FlowFieldSet([.srcAddress, .dstAddress])
        }
    }
}

/// A prefix as two (mask, network) words, for a branch-free containment test.
struct PrefixMatcher: Sendable {
    let maskHigh: UInt64, maskLow: UInt64, netHigh: UInt64, netLow: UInt64

    init(_ p: IPPrefix) {
        let bits = p.network.isIPv4 ? 96 + Int(p.length) : Int(p.length)
        (maskHigh, maskLow) = IPPrefix.mask(bits: bits)
        netHigh = p.network.high
        netLow = p.network.low
    }

    @inline(__always)
    func contains(_ a: IPAddress) -> Bool {
        a.low & maskLow == netLow && a.high & maskHigh == netHigh
    }
}
