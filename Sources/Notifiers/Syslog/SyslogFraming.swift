/// How syslog messages travel: pure byte shaping, no sockets.
///
/// - UDP (RFC 5426): one message per datagram, nothing around it.
/// - TCP (RFC 6587 3.4.1, octet counting): `MSG-LEN SP SYSLOG-MSG` back to back. Chosen
///   over LF-terminated framing (3.4.2) because a summary may contain a newline, which
///   would split the message at the receiver; octet counting carries any byte.
public enum SyslogFraming {
    /// RFC 5426 3.2: over IPv4 a sender SHOULD NOT exceed 480 octets unless it knows the
    /// path, and receivers SHOULD accept 2048. 2048 is what rsyslog, syslog-ng and
    /// journald take over UDP and stays far below lo's and a LAN's reassembly limits; the
    /// summary is cut first, so the header and structured data arrive whole.
    public static let datagramLimit = 2048

    /// rsyslog's default `maxMessageSize` (8096 octets; RFC 5425 4.3.1 asks receivers for
    /// 8192). Measured with rsyslog 8.2302: an octet-counted frame of 8096 arrives whole,
    /// one of 8097 is cut AND its tail arrives as a second, bogus message; so a root cause
    /// with hundreds of dependents is cut here rather than split there.
    public static let streamLimit = 8096

    /// One datagram's payload for `message`.
    public static func datagram(_ message: SyslogMessage, limit: Int = datagramLimit) -> [UInt8] {
        message.encoded(limit: limit)
    }

    /// All `messages` as one octet-counted byte stream, to be written in one go.
    public static func stream(_ messages: [SyslogMessage], limit: Int = streamLimit) -> [UInt8] {
        messages.flatMap { octetCounted($0.encoded(limit: limit)) }
    }

    /// `LEN SP MSG`: LEN is MSG's length in octets, in decimal without leading zeros.
    public static func octetCounted(_ message: [UInt8]) -> [UInt8] {
        Array("\(message.count) ".utf8) + message
    }

    /// The longest prefix of `bytes` (valid UTF-8) that has at most `limit` bytes and ends
    /// on a character boundary: the cut backs off over continuation bytes (`10xxxxxx`), so
    /// a multi-byte character is dropped whole rather than left half.
    static func truncatedUTF8(_ bytes: [UInt8], limit: Int) -> [UInt8] {
        guard bytes.count > limit else { return bytes }
        guard limit > 0 else { return [] }
        var cut = limit
        while cut > 0 && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        return Array(bytes[..<cut])
    }
}
