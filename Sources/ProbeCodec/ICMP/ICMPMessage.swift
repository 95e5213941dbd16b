/// One ICMP message as a prober cares about it: its own echo replies, ICMP errors that
/// may be about its requests, and everything else only to be ignored.
public enum ICMPMessage: Sendable, Hashable {
    case echoReply(ICMPEcho)
    /// A raw socket on the sending host also sees echo requests (its own, on loopback).
    case echoRequest(ICMPEcho)
    case error(ICMPErrorReport)
    case other(type: UInt8, code: UInt8)
}

/// The identifying fields and payload of an echo request or reply.
public struct ICMPEcho: Sendable, Hashable {
    public var identifier: UInt16
    public var sequence: UInt16
    public var payload: [UInt8]

    public init(identifier: UInt16, sequence: UInt16, payload: [UInt8]) {
        self.identifier = identifier
        self.sequence = sequence
        self.payload = payload
    }
}

/// The identifier and sequence of the echo request an ICMP error quotes.
public struct ICMPEchoReference: Sendable, Hashable {
    public var identifier: UInt16
    public var sequence: UInt16

    public init(identifier: UInt16, sequence: UInt16) {
        self.identifier = identifier
        self.sequence = sequence
    }
}
