import ProbeCodec
import Testing

@testable import Probers

@Suite struct ICMPReplyDemultiplexerTests {
    typealias Demux = ICMPReplyDemultiplexer<String>
    static let target: [UInt8] = [127, 0, 0, 1]
    static let token: [UInt8] = [9, 8, 7, 6, 5, 4, 3, 2]

    func demux(matchIdentifier: Bool = true) -> Demux {
        var d = Demux(matchIdentifier: matchIdentifier)
        d.register(
            .init(version: .v4, identifier: 100, sequence: 5),
            .init(owner: "run-a", index: 2, address: Self.target, tokenPrefix: Self.token))
        d.register(
            .init(version: .v4, identifier: 100, sequence: 6),
            .init(owner: "run-b", index: 0, address: [10, 211, 0, 2], tokenPrefix: Self.token))
        return d
    }

    func reply(id: UInt16, seq: UInt16, payload: [UInt8] = token + [1, 2, 3]) -> ICMPMessage {
        .echoReply(ICMPEcho(identifier: id, sequence: seq, payload: payload))
    }

    func owner(_ routed: Demux.Routed?) -> String? {
        switch routed {
        case let .reply(o, index)?: "\(o)#\(index)"
        case let .error(o, index, _)?: "error:\(o)#\(index)"
        case nil: nil
        }
    }

    @Test func replyGoesToTheRunThatSentIt() {
        let d = demux()
        #expect(owner(d.route(reply(id: 100, seq: 5), version: .v4, source: Self.target)) == "run-a#2")
        #expect(owner(d.route(reply(id: 100, seq: 6), version: .v4, source: [10, 211, 0, 2])) == "run-b#0")
    }

    /// A raw socket sees other programs' pings: a different identifier, a different token
    /// (same identifier and sequence by chance), or a reply from another address is not ours.
    @Test func otherProgramsRepliesAreIgnored() {
        let d = demux()
        #expect(d.route(reply(id: 101, seq: 5), version: .v4, source: Self.target) == nil)
        #expect(d.route(reply(id: 100, seq: 5, payload: [0, 0, 0, 0, 0, 0, 0, 0, 1]), version: .v4, source: Self.target) == nil)
        #expect(d.route(reply(id: 100, seq: 5), version: .v4, source: [127, 0, 0, 2]) == nil)
        #expect(d.route(reply(id: 100, seq: 5), version: .v6, source: Self.target) == nil)
        #expect(d.route(reply(id: 100, seq: 7), version: .v4, source: Self.target) == nil)
        let request = ICMPMessage.echoRequest(ICMPEcho(identifier: 100, sequence: 5, payload: Self.token))
        #expect(d.route(request, version: .v4, source: Self.target) == nil)
    }

    /// On a ping socket the kernel picks the identifier, so only the sequence is compared.
    @Test func pingSocketIgnoresTheIdentifier() {
        let d = demux(matchIdentifier: false)
        #expect(owner(d.route(reply(id: 4242, seq: 5), version: .v4, source: Self.target)) == "run-a#2")
    }

    @Test func errorIsMatchedByQuotedEchoAndDestination() {
        let d = demux()
        func error(id: UInt16, seq: UInt16, to destination: [UInt8]) -> ICMPMessage {
            .error(
                ICMPErrorReport(
                    version: .v4, kind: .destinationUnreachable, type: 3, code: 1, originalDestination: destination,
                    originalProtocol: 1, originalEcho: ICMPEchoReference(identifier: id, sequence: seq)))
        }
        #expect(owner(d.route(error(id: 100, seq: 6, to: [10, 211, 0, 2]), version: .v4, source: [10, 211, 0, 1])) == "error:run-b#0")
        #expect(d.route(error(id: 100, seq: 6, to: [10, 211, 0, 3]), version: .v4, source: [10, 211, 0, 1]) == nil)
        #expect(d.route(error(id: 99, seq: 6, to: [10, 211, 0, 2]), version: .v4, source: [10, 211, 0, 1]) == nil)
    }

    @Test func removedKeysNoLongerMatch() {
        var d = demux()
        d.remove(.init(version: .v4, identifier: 100, sequence: 5))
        #expect(d.route(reply(id: 100, seq: 5), version: .v4, source: Self.target) == nil)
        #expect(d.count == 1)
    }
}

extension ICMPReplyDemultiplexer.Routed: Equatable where Owner: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case let (.reply(a, i), .reply(b, j)): a == b && i == j
        case let (.error(a, i, r), .error(b, j, s)): a == b && i == j && r == s
        default: false
        }
    }
}
