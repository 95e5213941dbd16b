import ProbeCodec

/// Finds, for each ICMP message one shared socket receives, the in-flight echo request it
/// answers, if any. Pure (no socket, no clock) so the matching rules are tested on values.
///
/// A raw socket sees every ICMP message the host receives, other programs' pings
/// included, so a reply is ours only when identifier, sequence, source address and the
/// token at the start of the payload all match. A Linux ping socket replaces the
/// identifier with its own and delivers only replies carrying it, so there the
/// identifier is not compared (`matchIdentifier == false`). An ICMP error quotes only the
/// request's first 8 bytes, so it is matched on identifier, sequence and the quoted
/// destination instead of the token.
struct ICMPReplyDemultiplexer<Owner: Sendable>: Sendable {
    struct Key: Hashable, Sendable {
        var version: ICMPVersion
        var identifier: UInt16
        var sequence: UInt16
    }

    struct Entry: Sendable {
        var owner: Owner
        /// The packet's index in its run.
        var index: Int
        /// The target address bytes (4 or 16).
        var address: [UInt8]
        /// The bytes a reply's payload must start with.
        var tokenPrefix: [UInt8]
    }

    enum Routed: Sendable {
        case reply(Owner, index: Int)
        case error(Owner, index: Int, ICMPErrorReport)
    }

    /// False for ping sockets, whose identifier the kernel chooses.
    let matchIdentifier: Bool
    private var entries: [Key: Entry] = [:]

    init(matchIdentifier: Bool) {
        self.matchIdentifier = matchIdentifier
    }

    var count: Int { entries.count }

    func contains(_ key: Key) -> Bool { entries[normalized(key)] != nil }

    mutating func register(_ key: Key, _ entry: Entry) {
        entries[normalized(key)] = entry
    }

    mutating func remove(_ key: Key) {
        entries[normalized(key)] = nil
    }

    /// - Parameters:
    ///   - message: what the socket of `version` received.
    ///   - source: the address it came from (4 or 16 bytes).
    func route(_ message: ICMPMessage, version: ICMPVersion, source: [UInt8]) -> Routed? {
        switch message {
        case let .echoReply(echo):
            let key = Key(version: version, identifier: echo.identifier, sequence: echo.sequence)
            guard let entry = entries[normalized(key)], entry.address == source,
                echo.payload.starts(with: entry.tokenPrefix)
            else { return nil }
            return .reply(entry.owner, index: entry.index)
        case let .error(report):
            guard let quoted = report.originalEcho else { return nil }
            let key = Key(version: version, identifier: quoted.identifier, sequence: quoted.sequence)
            guard let entry = entries[normalized(key)], entry.address == report.originalDestination else { return nil }
            return .error(entry.owner, index: entry.index, report)
        case .echoRequest, .other:
            return nil
        }
    }

    private func normalized(_ key: Key) -> Key {
        matchIdentifier ? key : Key(version: key.version, identifier: 0, sequence: key.sequence)
    }
}
