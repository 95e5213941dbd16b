import NetsightModel

/// Which address, port, AS or site of a flow a primitive looks at.
public enum FilterSide: String, Sendable, Hashable {
    case src, dst
    /// Either side matches (`ip`, `port`, `as` without `src`/`dst`).
    case either
}

/// One primitive of the filter language, already validated.
public enum FilterPredicate: Sendable, Hashable {
    /// `src ip A`, `dst host A`, `ip A`.
    case address(FilterSide, IPAddress)
    /// `net P`, `src net P`, `ip in [...]` entries with a length below the host length.
    case prefix(FilterSide, IPPrefix)
    /// `ip in [A B/len ...]`: any of the prefixes (host addresses as full-length prefixes).
    case prefixList(FilterSide, [IPPrefix])
    case port(FilterSide, FilterComparison)
    case portList(FilterSide, [UInt16])
    case proto(UInt8)
    case asn(FilterSide, FilterComparison)
    case asnList(FilterSide, [UInt32])
    /// `in if N` (src side), `out if N` (dst side), `if N` (either).
    case interface(FilterSide, FilterComparison)
    /// `exporter X`: the configured exporter name equals X, or X is an address equal to the
    /// exporter's.
    case exporter(name: String, address: IPAddress?)
    /// `exporter site X`.
    case exporterSite(String)
    /// `site X`, `src site X`, `dst site X` (Netsight's enrichment).
    case site(FilterSide, String)
    case bytes(FilterComparison)
    case packets(FilterComparison)
    /// Every stored record is one flow, so `flows > 1` never matches and `flows 1` always
    /// does; kept so nfdump filters written for aggregated output still parse.
    case flows(FilterComparison)
    case tos(FilterComparison)
    case dscp(FilterComparison)
    /// `flags SA`: all given TCP flag bits set; `flags =SA`: exactly these.
    case tcpFlags(mask: UInt8, exact: Bool)
    case vlan(FilterComparison)
    case ipv4, ipv6
}

/// The parsed filter before compilation. Its description is fully parenthesised, which is
/// how the tests pin down precedence.
public indirect enum FilterExpression: Sendable, Hashable, CustomStringConvertible {
    case any
    case predicate(FilterPredicate)
    case not(FilterExpression)
    case and(FilterExpression, FilterExpression)
    case or(FilterExpression, FilterExpression)

    public var description: String {
        switch self {
        case .any: "any"
        case .predicate(let p): p.description
        case .not(let e): "not \(e)"
        case .and(let a, let b): "(\(a) and \(b))"
        case .or(let a, let b): "(\(a) or \(b))"
        }
    }
}

extension FilterPredicate: CustomStringConvertible {
    public var description: String {
        func side(_ s: FilterSide, _ word: String) -> String { s == .either ? word : "\(s.rawValue) \(word)" }
        func q(_ s: String) -> String { "\"\(s)\"" }
        switch self {
        case .address(let s, let a): return side(s, "ip") + " \(a)"
        case .prefix(let s, let p): return side(s, "net") + " \(p)"
        case .prefixList(let s, let l): return side(s, "ip") + " in [" + l.map(\.description).joined(separator: " ") + "]"
        case .port(let s, let c): return side(s, "port") + " \(c)"
        case .portList(let s, let l): return side(s, "port") + " in [" + l.map(String.init).joined(separator: " ") + "]"
        case .proto(let p): return "proto \(p)"
        case .asn(let s, let c): return side(s, "as") + " \(c)"
        case .asnList(let s, let l): return side(s, "as") + " in [" + l.map(String.init).joined(separator: " ") + "]"
        case .interface(let s, let c):
            switch s {
            case .src: return "in if \(c)"
            case .dst: return "out if \(c)"
            case .either: return "if \(c)"
            }
        case .exporter(let n, _): return "exporter \(q(n))"
        case .exporterSite(let n): return "exporter site \(q(n))"
        case .site(let s, let n): return side(s, "site") + " \(q(n))"
        case .bytes(let c): return "bytes \(c)"
        case .packets(let c): return "packets \(c)"
        case .flows(let c): return "flows \(c)"
        case .tos(let c): return "tos \(c)"
        case .dscp(let c): return "dscp \(c)"
        case .tcpFlags(let m, let exact): return "flags " + (exact ? "=" : "") + "0x" + String(m, radix: 16)
        case .vlan(let c): return "vlan \(c)"
        case .ipv4: return "ipv4"
        case .ipv6: return "ipv6"
        }
    }
}
