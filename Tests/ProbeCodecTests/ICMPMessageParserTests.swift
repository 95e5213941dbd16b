import ProbeCodec
import Testing

@Suite struct ICMPMessageParserTests {
    @Test func rawIPv4ReplySkipsTheIPHeader() throws {
        let message = try ICMPMessageParser.parse(CapturedPing.v4Reply, version: .v4, includesIPv4Header: true)
        #expect(message == .echoReply(ICMPEcho(identifier: 0x054B, sequence: 1, payload: CapturedPing.payload)))
    }

    @Test func pingSocketIPv4ReplyHasNoIPHeader() throws {
        let icmp = Array(CapturedPing.v4Reply[20...])
        let message = try ICMPMessageParser.parse(icmp, version: .v4, includesIPv4Header: false)
        #expect(message == .echoReply(ICMPEcho(identifier: 0x054B, sequence: 1, payload: CapturedPing.payload)))
    }

    @Test func ownRequestSeenOnLoopbackIsARequestNotAReply() throws {
        let message = try ICMPMessageParser.parse(CapturedPing.v4Request, version: .v4, includesIPv4Header: true)
        guard case let .echoRequest(echo) = message else {
            Issue.record("got \(message)")
            return
        }
        #expect(echo.identifier == 0x054B)
    }

    @Test func ipv6Reply() throws {
        let message = try ICMPMessageParser.parse(CapturedPing.v6Reply, version: .v6, includesIPv4Header: true)
        #expect(message == .echoReply(ICMPEcho(identifier: 0x054C, sequence: 1, payload: CapturedPing.v6Payload)))
    }

    @Test func ipv4PortUnreachableQuotesUDPNotEcho() throws {
        let message = try ICMPMessageParser.parse(CapturedPing.v4PortUnreachable, version: .v4, includesIPv4Header: true)
        guard case let .error(report) = message else {
            Issue.record("got \(message)")
            return
        }
        #expect(report.kind == .destinationUnreachable)
        #expect(report.type == 3 && report.code == 3)
        #expect(report.originalProtocol == 17)
        #expect(report.originalDestination == [127, 0, 0, 1])
        #expect(report.originalEcho == nil)
        #expect(report.description == "destination unreachable (ICMP type 3 code 3: port unreachable)")
    }

    @Test func ipv6PortUnreachable() throws {
        let message = try ICMPMessageParser.parse(CapturedPing.v6PortUnreachable, version: .v6, includesIPv4Header: false)
        guard case let .error(report) = message else {
            Issue.record("got \(message)")
            return
        }
        #expect(report.type == 1 && report.code == 4)
        #expect(report.originalProtocol == 17)
        #expect(report.originalDestination == CapturedPing.loopback6)
        #expect(report.description == "destination unreachable (ICMPv6 type 1 code 4: port unreachable)")
    }

    /// Hand-built: a router's time exceeded for echo request id 0x1234 seq 7 to
    /// 10.211.0.2, laid out per RFC 792 (ICMP-only, as from a ping socket).
    @Test func ipv4TimeExceededQuotesTheEchoRequest() throws {
        let quotedIP: [UInt8] = [
            0x45, 0, 0, 84, 0, 0, 0x40, 0, 1, 1, 0, 0, 10, 211, 0, 1, 10, 211, 0, 2,
        ]
        let quotedEcho: [UInt8] = [8, 0, 0xAB, 0xCD, 0x12, 0x34, 0, 7]
        let bytes: [UInt8] = [11, 0, 0, 0, 0, 0, 0, 0] + quotedIP + quotedEcho
        let message = try ICMPMessageParser.parse(bytes, version: .v4, includesIPv4Header: false)
        guard case let .error(report) = message else {
            Issue.record("got \(message)")
            return
        }
        #expect(report.kind == .timeExceeded)
        #expect(report.originalEcho == ICMPEchoReference(identifier: 0x1234, sequence: 7))
        #expect(report.originalDestination == [10, 211, 0, 2])
        #expect(report.codeName == "TTL exceeded in transit")
    }

    /// Hand-built: ICMPv6 address unreachable for echo request id 0x00FF seq 0x0102.
    @Test func ipv6AddressUnreachableQuotesTheEchoRequest() throws {
        let destination: [UInt8] = [0xFD, 0] + Array(repeating: 0, count: 13) + [2]
        let quotedIPv6: [UInt8] = [0x60, 0, 0, 0, 0, 16, 58, 64] + CapturedPing.loopback6 + destination
        let quotedEcho: [UInt8] = [128, 0, 0, 0, 0x00, 0xFF, 0x01, 0x02]
        let bytes: [UInt8] = [1, 3, 0, 0, 0, 0, 0, 0] + quotedIPv6 + quotedEcho
        let message = try ICMPMessageParser.parse(bytes, version: .v6, includesIPv4Header: false)
        guard case let .error(report) = message else {
            Issue.record("got \(message)")
            return
        }
        #expect(report.originalEcho == ICMPEchoReference(identifier: 0x00FF, sequence: 0x0102))
        #expect(report.originalDestination == destination)
        #expect(report.description == "destination unreachable (ICMPv6 type 1 code 3: address unreachable)")
    }

    @Test func otherTypesAreReportedAsOther() throws {
        let message = try ICMPMessageParser.parse([13, 0, 0, 0, 0, 0, 0, 0], version: .v4, includesIPv4Header: false)
        #expect(message == .other(type: 13, code: 0))
    }

    @Test func truncatedAndGarbageInputThrowTypedErrors() {
        #expect(throws: ICMPParseError.truncated("ICMP header", needed: 8, available: 7)) {
            try ICMPMessageParser.parse([0, 0, 0, 0, 0, 0, 0], version: .v4, includesIPv4Header: false)
        }
        #expect(throws: ICMPParseError.truncated("IPv4 header", needed: 20, available: 0)) {
            try ICMPMessageParser.parse([], version: .v4, includesIPv4Header: true)
        }
        // IHL says 24 bytes of header, only 20 there.
        var longHeader = Array(CapturedPing.v4Reply[0..<20])
        longHeader[0] = 0x46
        #expect(throws: ICMPParseError.truncated("IPv4 header", needed: 24, available: 20)) {
            try ICMPMessageParser.parse(longHeader, version: .v4, includesIPv4Header: true)
        }
        var udp = CapturedPing.v4Reply
        udp[9] = 17
        #expect(throws: ICMPParseError.notICMP(protocolNumber: 17)) {
            try ICMPMessageParser.parse(udp, version: .v4, includesIPv4Header: true)
        }
        var v6Header = CapturedPing.v4Reply
        v6Header[0] = 0x65
        #expect(throws: ICMPParseError.badIPHeader("version 6")) {
            try ICMPMessageParser.parse(v6Header, version: .v4, includesIPv4Header: true)
        }
        // An unreachable that stops inside the quoted header cannot be matched.
        let cut = Array(CapturedPing.v4PortUnreachable[0..<(20 + 8 + 12)])
        #expect(throws: ICMPParseError.truncated("quoted IPv4 header", needed: 20, available: 12)) {
            try ICMPMessageParser.parse(cut, version: .v4, includesIPv4Header: true)
        }
        let cut6 = Array(CapturedPing.v6PortUnreachable[0..<30])
        #expect(throws: ICMPParseError.truncated("quoted IPv6 header", needed: 40, available: 22)) {
            try ICMPMessageParser.parse(cut6, version: .v6, includesIPv4Header: false)
        }
    }
}
