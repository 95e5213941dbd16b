/// A deterministic mix of IPv4 flows shaped like a campus edge: many small flows from
/// ~50,000 hosts, and 20 heavy hitters that carry most bytes, so a top-10 by bytes has a
/// clear answer both stores must agree on.
///
/// Flow `i` is a pure function of `i` and `baseMillis`: the sender and the direct store
/// writer produce the same flows without sharing files.
public struct FlowMix: Sendable {
    public struct Flow: Sendable, Equatable {
        public var src: UInt32
        public var dst: UInt32
        public var startMillis: UInt64
        public var endMillis: UInt64
        public var bytes: UInt32
        public var packets: UInt32
        public var srcPort: UInt16
        public var dstPort: UInt16
        public var proto: UInt8
        public var tcpFlags: UInt8
        public var inIf: UInt32
        public var outIf: UInt32
    }

    /// Flow end times spread over this window, ending at `baseMillis`.
    public static let windowMillis: UInt64 = 10 * 60_000

    public let baseMillis: UInt64

    public init(baseMillis: UInt64) {
        self.baseMillis = baseMillis
    }

    /// splitmix64: cheap, well mixed, reproducible everywhere.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public func flow(_ i: UInt64) -> Flow {
        let h = Self.mix(i)
        let h2 = Self.mix(h)
        let heavy = h % 100 < 3
        let src: UInt32 = heavy
            ? 0x0AFF_0000 | UInt32(h2 % 20)                   // 10.255.0.0-19
            : 0x0A00_0000 | UInt32((h >> 8) % 50_000)          // 10.0.0.0/16-ish
        let dst: UInt32 = 0xC633_6400 | UInt32((h >> 24) & 0xFF)  // 198.51.100.0/24
        let packets = heavy ? UInt32(100 + (h2 >> 8) % 2_000) : UInt32(1 + (h2 >> 8) % 20)
        let bytes = packets * UInt32(60 + (h2 >> 20) % 1_400)
        let end = baseMillis - (h2 >> 32) % Self.windowMillis
        let duration = (h >> 40) % 30_000
        let tcp = (h >> 16) % 10 < 8
        return Flow(
            src: src, dst: dst, startMillis: end - duration, endMillis: end, bytes: bytes, packets: packets,
            srcPort: UInt16(1_024 + (h >> 32) % 60_000), dstPort: tcp ? ((h >> 48) % 2 == 0 ? 443 : 80) : 53,
            proto: tcp ? 6 : 17, tcpFlags: tcp ? 0x1B : 0, inIf: 1, outIf: 2)
    }
}
