/// Builds a standard query (RFC 1035 4.1): one question, no EDNS, so a plain UDP answer
/// is limited to 512 bytes and a bigger one comes back truncated (TC), which is what
/// makes the TCP fallback testable against any server.
public enum DNSQuery {
    /// The query's bytes, without the 2-byte length prefix TCP adds (see `tcpFrame`).
    public static func encode(
        id: UInt16, name: String, type: DNSRecordType, recordClass: UInt16 = 1, recursionDesired: Bool = true
    ) throws(DNSNameError) -> [UInt8] {
        let wireName = try DNSName.encode(name)
        var out: [UInt8] = []
        out.reserveCapacity(12 + wireName.count + 4)
        DNSHeader(id: id, recursionDesired: recursionDesired, questionCount: 1).encode(into: &out)
        out.append(contentsOf: wireName)
        out.append(contentsOf: [UInt8(type.rawValue >> 8), UInt8(type.rawValue & 0xFF)])
        out.append(contentsOf: [UInt8(recordClass >> 8), UInt8(recordClass & 0xFF)])
        return out
    }

    /// A message framed for TCP: a 2-byte big-endian length first (RFC 1035 4.2.2).
    public static func tcpFrame(_ message: [UInt8]) -> [UInt8] {
        [UInt8(message.count >> 8 & 0xFF), UInt8(message.count & 0xFF)] + message
    }
}
