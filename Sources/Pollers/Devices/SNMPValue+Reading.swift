import Analytics
import SNMPCodec

/// How the poller reads the values of the objects it polls, whatever type the agent
/// chose (agents differ: ifSpeed as Gauge32 or INTEGER, names with trailing NULs).
extension SNMPValue {
    /// An unsigned number from INTEGER, Gauge32, Counter32/64 or TimeTicks. A negative
    /// INTEGER is read as its unsigned bit pattern: agents whose hrStorage sizes exceed
    /// 2^31 units send them that way.
    var unsigned: UInt64? {
        switch self {
        case .integer(let v): UInt64(UInt32(bitPattern: v))
        case .gauge32(let v), .counter32(let v), .timeTicks(let v): UInt64(v)
        case .counter64(let v): v
        default: nil
        }
    }

    /// A signed INTEGER (enumerations such as ifOperStatus).
    var integer: Int? {
        switch self {
        case .integer(let v): Int(v)
        case .gauge32(let v): Int(v)
        default: nil
        }
    }

    /// The value as a counter with its width: Counter64 as 64-bit, Counter32 (and a
    /// Gauge32 some agents send by mistake) as 32-bit.
    var counter: CounterValue? {
        switch self {
        case .counter64(let v): .counter64(v)
        case .counter32(let v), .gauge32(let v): .counter32(v)
        default: nil
        }
    }

    /// Display text: an octet string decoded as UTF-8 without trailing NULs (some agents
    /// pad names), an OID in dotted form; "" for anything else.
    var text: String {
        switch self {
        case .octetString(let bytes):
            var end = bytes.count
            while end > 0, bytes[end - 1] == 0 { end -= 1 }
            return String(decoding: bytes[..<end], as: UTF8.self)
        case .objectIdentifier(let oid): return oid.description
        case .integer(let v): return String(v)
        case .gauge32(let v), .counter32(let v), .timeTicks(let v): return String(v)
        default: return ""
        }
    }

    /// An identifier (chassis ID, port ID) as text: the string when printable ASCII,
    /// else colon-separated hex (MAC addresses).
    var identifierText: String {
        guard case .octetString(let bytes) = self else { return text }
        if !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return String(decoding: bytes, as: UTF8.self) }
        return bytes.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined(separator: ":")
    }
}
