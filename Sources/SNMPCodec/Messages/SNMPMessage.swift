/// Any SNMP message, for receivers that accept every version (the trap receiver).
public enum SNMPMessage: Hashable, Sendable {
    case community(CommunityMessage)
    /// Still encrypted and unverified: pass the bytes to `USM.open` to use it.
    case v3(SNMPv3Message)

    /// Decodes one datagram, choosing the format by its msgVersion.
    public static func decode(_ bytes: [UInt8]) throws(SNMPDecodeError) -> SNMPMessage {
        switch try version(of: bytes) {
        case .v1, .v2c: .community(try CommunityMessage.decode(bytes))
        case .v3: .v3(try SNMPv3Message.decode(bytes))
        }
    }

    /// Reads only the message SEQUENCE header and msgVersion.
    public static func version(of bytes: [UInt8]) throws(SNMPDecodeError) -> SNMPVersion {
        var top = BERReader(bytes)
        var message = try top.enter(.sequence, "message")
        let raw = try message.readInt32("msgVersion")
        guard let version = SNMPVersion(rawValue: raw) else {
            throw SNMPDecodeError(.badVersion, "msgVersion \(raw)")
        }
        return version
    }
}
