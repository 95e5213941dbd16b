/// One datagram of Netsight's UDP jitter protocol (docs/udp-jitter-protocol.md): the
/// prober's request and the responder's reply have the same layout, so the reply carries
/// all of T1, T2 and T3 back and the prober needs no per-packet memory but T4.
///
/// Layout, network byte order, 48-byte header then zero padding up to `size`:
///
///     0  magic    "NSJT"           4  version (1)   5  type (1 request, 2 reply)
///     6  reserved (0, ignored)     8  run token (u64)
///     16 sequence (u32)            20 reserved (0, ignored)
///     24 T1 (i64 µs)               32 T2 (i64 µs)    40 T3 (i64 µs)
///
/// Pure: bytes in, packet or typed error out.
public struct UDPJitterPacket: Sendable, Hashable {
    public enum Kind: UInt8, Sendable, Hashable {
        case request = 1
        case reply = 2
    }

    /// "NSJT": Netsight jitter. Lets the responder drop stray traffic before trusting any field.
    public static let magic: UInt32 = 0x4E53_4A54
    /// Bumped on any incompatible layout change; a responder answers only its own version.
    public static let version: UInt8 = 1
    /// Bytes before the padding. The smallest legal packet.
    public static let headerSize = 48
    /// The largest UDP payload over IPv4 (65,535 − 20 IP − 8 UDP).
    public static let maximumSize = 65_507

    public var kind: Kind
    /// Random per run: tells this run's replies from stale or forged ones.
    public var token: UInt64
    public var sequence: UInt32
    /// T1: when the prober sent the request, microseconds since 1970 on the prober's clock.
    public var sourceSentMicros: Int64
    /// T2: when the responder received it (0 in a request), the responder's clock.
    public var responderReceivedMicros: Int64
    /// T3: when the responder sent the reply (0 in a request), the responder's clock.
    public var responderSentMicros: Int64
    /// Whole datagram size in bytes, padding included: probes imitate a voice packet's
    /// size (IP SLA's g711 default is 172), because serialisation delay and the queues a
    /// packet meets depend on it.
    public var size: Int

    public init(
        kind: Kind, token: UInt64, sequence: UInt32, sourceSentMicros: Int64, responderReceivedMicros: Int64 = 0,
        responderSentMicros: Int64 = 0, size: Int = UDPJitterPacket.headerSize
    ) {
        self.kind = kind
        self.token = token
        self.sequence = sequence
        self.sourceSentMicros = sourceSentMicros
        self.responderReceivedMicros = responderReceivedMicros
        self.responderSentMicros = responderSentMicros
        self.size = min(max(size, Self.headerSize), Self.maximumSize)
    }

    /// The responder's answer to this request: same token, sequence, T1 and size (so both
    /// directions carry the same load and the responder never amplifies), with T2 and T3.
    public func reply(receivedMicros: Int64, sentMicros: Int64) -> UDPJitterPacket {
        UDPJitterPacket(
            kind: .reply, token: token, sequence: sequence, sourceSentMicros: sourceSentMicros,
            responderReceivedMicros: receivedMicros, responderSentMicros: sentMicros, size: size)
    }

    /// The datagram's bytes.
    public func encoded() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size)
        Self.put(UInt64(Self.magic), bytes: 4, into: &bytes, at: 0)
        bytes[4] = Self.version
        bytes[5] = kind.rawValue
        Self.put(token, bytes: 8, into: &bytes, at: 8)
        Self.put(UInt64(sequence), bytes: 4, into: &bytes, at: 16)
        Self.put(UInt64(bitPattern: sourceSentMicros), bytes: 8, into: &bytes, at: 24)
        Self.put(UInt64(bitPattern: responderReceivedMicros), bytes: 8, into: &bytes, at: 32)
        Self.put(UInt64(bitPattern: responderSentMicros), bytes: 8, into: &bytes, at: 40)
        return bytes
    }

    /// Parses one datagram. The checks run in the order that keeps the message useful:
    /// size, magic, version, type. Padding is not inspected (a responder may echo it).
    public init<Bytes: RandomAccessCollection>(decoding bytes: Bytes) throws(UDPJitterPacketError)
    where Bytes.Element == UInt8 {
        guard bytes.count >= Self.headerSize else { throw .truncated(size: bytes.count) }
        let header = Array(bytes.prefix(Self.headerSize))
        let magic = UInt32(Self.get(header, at: 0, bytes: 4))
        guard magic == Self.magic else { throw .badMagic(magic) }
        guard header[4] == Self.version else { throw .unsupportedVersion(header[4]) }
        guard let kind = Kind(rawValue: header[5]) else { throw .unknownType(header[5]) }
        self.init(
            kind: kind, token: Self.get(header, at: 8, bytes: 8), sequence: UInt32(Self.get(header, at: 16, bytes: 4)),
            sourceSentMicros: Int64(bitPattern: Self.get(header, at: 24, bytes: 8)),
            responderReceivedMicros: Int64(bitPattern: Self.get(header, at: 32, bytes: 8)),
            responderSentMicros: Int64(bitPattern: Self.get(header, at: 40, bytes: 8)),
            size: bytes.count)
    }

    private static func put(_ value: UInt64, bytes count: Int, into bytes: inout [UInt8], at offset: Int) {
        for i in 0..<count {
            bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(count - 1 - i)))
        }
    }

    private static func get(_ bytes: [UInt8], at offset: Int, bytes count: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<count { value = value << 8 | UInt64(bytes[offset + i]) }
        return value
    }
}
