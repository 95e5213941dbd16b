import Testing

@testable import ProbeCodec

/// Bytes from hex text (spaces allowed), for captured messages.
func dnsHex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter { !$0.isWhitespace })
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}

/// Real answers of dnsmasq 2.90 (Debian 12) to queries with ID 0x1234, captured from its
/// UDP socket on 127.0.0.1. Configured with --host-record=www.test.netsight,192.0.2.10,
/// 2001:db8::10, --txt-record=txt.test.netsight,"v=spf1 -all","second",
/// --mx-host=test.netsight,mail.test.netsight,10, --cname=alias.test.netsight,www.test.netsight,
/// --srv-host=_sip._udp.test.netsight,sip.test.netsight,5060,1,2, --local=/test.netsight/.
enum DnsmasqCaptures {
    static let a = dnsHex(
        "123485800001000100000000037777770474657374086e657473696768740000010001c00c00010001000000000004c000020a")
    static let aaaa = dnsHex(
        "123485800001000100000000037777770474657374086e6574736967687400001c0001c00c001c000100000000001020010db8000000000000000000000010"
    )
    static let txt = dnsHex(
        "123485800001000100000000037478740474657374086e657473696768740000100001c00c001000010000000000130b763d73706631202d616c6c067365636f6e64"
    )
    static let mx = dnsHex(
        "1234858000010001000000000474657374086e6574736967687400000f0001c00c000f0001000000000016000a046d61696c0474657374086e6574736967687400"
    )
    static let cname = dnsHex(
        "12348580000100020000000005616c6961730474657374086e657473696768740000010001c00c00050001000000000013037777770474657374086e6574736967687400c03100010001000000000004c000020a"
    )
    static let srv = dnsHex(
        "123485800001000100000000045f736970045f7564700474657374086e657473696768740000210001c00c002100010000000000190001000213c4037369700474657374086e6574736967687400"
    )
    static let nxdomain = dnsHex("123481830001000000000000046e6f70650474657374086e657473696768740000010001")

    static let all = [a, aaaa, txt, mx, cname, srv, nxdomain]
}

@Suite struct DNSMessageTests {
    @Test func decodesDnsmasqAnswerForA() throws {
        let m = try DNSMessage(decoding: DnsmasqCaptures.a)
        #expect(m.header.id == 0x1234)
        #expect(m.header.isResponse)
        #expect(m.header.authoritative)
        #expect(m.header.recursionDesired)
        #expect(m.header.recursionAvailable)
        #expect(!m.header.truncated)
        #expect(m.rcodeName == "NOERROR")
        #expect(m.questions == [DNSQuestion(labels: [Array("www".utf8), Array("test".utf8), Array("netsight".utf8)], type: .a)])
        #expect(m.answers.count == 1)
        #expect(m.answers[0].name == "www.test.netsight.")
        #expect(m.answers[0].type == .a)
        #expect(m.answers[0].ttl == 0)
        #expect(m.answers[0].dataText == "192.0.2.10")
    }

    @Test func decodesEachRecordTypeAsDigPrintsIt() throws {
        #expect(try DNSMessage(decoding: DnsmasqCaptures.aaaa).answers.map(\.dataText) == ["2001:db8::10"])
        #expect(try DNSMessage(decoding: DnsmasqCaptures.txt).answers.map(\.dataText) == ["\"v=spf1 -all\" \"second\""])
        #expect(try DNSMessage(decoding: DnsmasqCaptures.mx).answers.map(\.dataText) == ["10 mail.test.netsight."])
        #expect(try DNSMessage(decoding: DnsmasqCaptures.srv).answers.map(\.dataText) == ["1 2 5060 sip.test.netsight."])
    }

    /// dnsmasq compresses the A record's owner name after a CNAME into the CNAME's data.
    @Test func followsCompressionIntoRecordData() throws {
        let m = try DNSMessage(decoding: DnsmasqCaptures.cname)
        #expect(m.answers.map(\.type) == [.cname, .a])
        #expect(m.answers.map(\.dataText) == ["www.test.netsight.", "192.0.2.10"])
        #expect(m.answers[1].name == "www.test.netsight.")
    }

    @Test func nxdomainHasNoAnswers() throws {
        let m = try DNSMessage(decoding: DnsmasqCaptures.nxdomain)
        #expect(m.rcode == 3)
        #expect(m.rcodeName == "NXDOMAIN")
        #expect(m.answers.isEmpty)
        #expect(m.questions.first?.name == "nope.test.netsight.")
    }

    /// Every proper prefix of a real answer must fail with a typed error, never crash or
    /// decode: the counts promise records the bytes do not hold.
    @Test func everyTruncationIsAnError() {
        for capture in DnsmasqCaptures.all {
            for length in 0..<capture.count {
                #expect(throws: DNSDecodeError.self) { try DNSMessage(decoding: Array(capture[0..<length])) }
            }
        }
    }

    @Test func truncatedHeaderNamesTheOffset() {
        #expect(throws: DNSDecodeError.truncated(offset: 10, needed: 1)) {
            try DNSMessage(decoding: Array(DnsmasqCaptures.a[0..<11]))
        }
    }

    /// A name at 12 ("abc") followed by a pointer back to 12: backward, yet endless.
    @Test func compressionLoopIsDetected() {
        let message = dnsHex("0001 8180 0001 0000 0000 0000" + "03616263 c00c" + "0001 0001")
        #expect(throws: DNSDecodeError.pointerLoop(offset: 16, target: 12)) { try DNSMessage(decoding: message) }
    }

    @Test func pointerToItselfOrForwardIsRejected() {
        let toItself = dnsHex("0001 8180 0001 0000 0000 0000" + "c00c" + "0001 0001")
        #expect(throws: DNSDecodeError.pointerNotBackward(offset: 12, target: 12)) { try DNSMessage(decoding: toItself) }
        let forward = dnsHex("0001 8180 0001 0000 0000 0000" + "c010 0001 0001 00")
        #expect(throws: DNSDecodeError.pointerNotBackward(offset: 12, target: 16)) { try DNSMessage(decoding: forward) }
    }

    @Test func pointerOutOfBoundsIsRejected() {
        let message = dnsHex("0001 8180 0001 0000 0000 0000" + "c0ff" + "0001 0001")
        #expect(throws: DNSDecodeError.pointerOutOfBounds(offset: 12, target: 255)) { try DNSMessage(decoding: message) }
    }

    /// A long chain of backward pointers, each to a distinct offset, stops at the jump
    /// limit even though no offset repeats. The chain sits in the data of a first record
    /// of an unknown type (skipped as opaque bytes); the second record's name enters it.
    @Test func pointerChainIsBounded() {
        var m = dnsHex("0001 8180 0000 0002 0000 0000" + "00 ff00 0001 00000000 0190")
        var last = 12  // the first record's name: the root
        for _ in 0..<200 {
            let here = m.count
            m += [0xC0 | UInt8(last >> 8), UInt8(last & 0xFF)]
            last = here
        }
        let secondRecord = m.count
        m += [0xC0 | UInt8(last >> 8), UInt8(last & 0xFF)] + dnsHex("0001 0001 00000000 0000")
        #expect(throws: DNSDecodeError.tooManyPointers(offset: secondRecord)) { try DNSMessage(decoding: m) }
    }

    @Test func reservedLabelTypeIsRejected() {
        let message = dnsHex("0001 8180 0001 0000 0000 0000" + "41" + "0001 0001")
        #expect(throws: DNSDecodeError.badLabelType(offset: 12, byte: 0x41)) { try DNSMessage(decoding: message) }
    }

    @Test func aRecordOfWrongLengthIsBadData() {
        // One answer for "." A with 5 data bytes.
        let message = dnsHex("0001 8180 0000 0001 0000 0000" + "00 0001 0001 00000000 0005 c000020a0b")
        #expect(throws: DNSDecodeError.self) { try DNSMessage(decoding: message) }
    }

    /// The rcode is extended by the OPT record (RFC 6891 6.1.3): BADVERS is 16.
    @Test func extendedRcodeFromOPT() throws {
        let message = dnsHex("0001 8180 0000 0000 0000 0001" + "00 0029 1000 01000000 0000")
        let m = try DNSMessage(decoding: message)
        #expect(m.rcode == 16)
        #expect(m.rcodeName == "BADVERS")
    }

    @Test func garbageNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<80, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if bytes.count >= 12 { bytes[4] = 0; bytes[5] = 1 }
            _ = try? DNSMessage(decoding: bytes)
        }
        // A mutated real answer: flip each byte in turn; decoding may succeed or fail, never trap.
        for index in DnsmasqCaptures.cname.indices {
            var mutated = DnsmasqCaptures.cname
            mutated[index] ^= 0xFF
            _ = try? DNSMessage(decoding: mutated)
        }
    }
}
