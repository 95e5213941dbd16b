import FlowCodec
import NetsightModel
import Testing

/// pcap and pcapng files made by tcpdump on `lo`, by scapy, and by hand
/// (scripts/sflow/make_capture_fixtures.py); expected values are what tshark shows.
@Suite struct CaptureReaderTests {
    /// 2023-11-14T22:13:20Z, the base time of the scapy-made fixtures, in milliseconds.
    static let t0: UInt64 = 1_700_000_000_000

    struct Seen: Equatable, CustomStringConvertible {
        var millis: UInt64
        var source: String
        var sourcePort: UInt16
        var destination: String
        var destinationPort: UInt16
        var payload: String

        init(_ millis: UInt64, _ source: String, _ sourcePort: UInt16, _ destination: String, _ destinationPort: UInt16,
             _ payload: String) {
            (self.millis, self.source, self.sourcePort) = (millis, source, sourcePort)
            (self.destination, self.destinationPort, self.payload) = (destination, destinationPort, payload)
        }

        init(_ d: CapturedDatagram) {
            self.init(d.timestampMillis, d.source.description, d.sourcePort, d.destination.description,
                      d.destinationPort, String(decoding: d.payload, as: UTF8.self))
        }

        var description: String { "\(millis) \(source):\(sourcePort) > \(destination):\(destinationPort) \(payload)" }
    }

    static let ethernet: [Seen] = [
        Seen(t0 + 250, "192.0.2.1", 2055, "192.0.2.2", 9995, "eth-v4"),
        Seen(t0 + 1250, "192.0.2.3", 6343, "192.0.2.4", 6343, "eth-vlan-v4"),
        Seen(t0 + 2250, "2001:db8::1", 4739, "2001:db8::2", 4739, "eth-qinq-v6"),
        Seen(t0 + 3250, "2001:db8::3", 1000, "2001:db8::4", 2000, "eth-v6-ext"),
        Seen(t0 + 10250, "192.0.2.11", 7, "192.0.2.12", 8, "pad"),
    ]
    static let v4 = Seen(t0, "198.51.100.1", 111, "198.51.100.2", 222, "ip-v4")
    static let v6 = Seen(t0, "2001:db8::a", 333, "2001:db8::b", 444, "ip-v6")

    static let cases: [(String, [Seen])] = [
        ("scapy-ethernet.pcap", ethernet),
        ("ethernet-be-nano.pcap", ethernet),
        ("raw-ip.pcap", [Seen(t0 + 1, v4.source, 111, v4.destination, 222, "ip-v4"),
                         Seen(t0 + 1, v6.source, 333, v6.destination, 444, "ip-v6")]),
        ("ipv4-ipv6-linktypes.pcap", [v4]),
        ("ipv6-linktype.pcap", [v6]),
        ("bsd-null.pcap", [v4, v6]),
        ("linux-sll.pcap", [v4, v6]),
        ("linux-sll2.pcap", [v4, v6]),
        ("two-interfaces-le.pcapng", [ethernet[0], Seen(t0 + 1500, v6.source, 333, v6.destination, 444, "ip-v6"),
                                      ethernet[2]]),
        ("nanoseconds-be.pcapng", [Seen(t0 + 5123, "192.0.2.3", 6343, "192.0.2.4", 6343, "eth-vlan-v4")]),
        ("simple-packets.pcapng", [Seen(0, "192.0.2.1", 2055, "192.0.2.2", 9995, "eth-v4"),
                                   Seen(0, "2001:db8::3", 1000, "2001:db8::4", 2000, "eth-v6-ext")]),
    ]

    @Test(arguments: cases)
    func readsEveryContainerAndLinkType(_ name: String, _ expected: [Seen]) throws {
        let file = try SFlowFixtureFiles.bytes("capture/\(name)")
        #expect(CaptureReader.isCapture(file))
        let got = try CaptureReader.udpDatagrams(in: file)
        #expect(got.map(Seen.init) == expected)
        #expect(got.allSatisfy { !String(decoding: $0.payload, as: UTF8.self).hasPrefix("skip-") })
    }

    /// tcpdump on Linux `lo` (Ethernet link type), nanosecond pcap, `-i any` (SLL2) and the
    /// pcapng editcap made of the first: the same three datagrams, the third a real sFlow one.
    @Test(arguments: ["tcpdump-lo.pcap", "tcpdump-lo-nano.pcap", "tcpdump-any.pcap", "tcpdump-lo.pcapng"])
    func readsTcpdumpLoopbackCaptures(_ name: String) throws {
        let got = try CaptureReader.udpDatagrams(in: try SFlowFixtureFiles.bytes("capture/\(name)"))
        try #require(got.count == 3)
        #expect(Seen(got[0]) == Seen(1_795_807_079_747, "127.0.0.1", 16360, "127.0.0.1", 16362, "lo-v4-first"))
        #expect(Seen(got[1]) == Seen(1_795_807_079_747, "::1", 16361, "::1", 16363, "lo-v6-second"))
        let sflow = try SFlowFixtureFiles.bytes("sflow/generated/v4_tcp.bin")
        #expect(got[2].payload == sflow)
        #expect(got[2].destinationPort == 16362)
        var result = FlowDecodeResult()
        got[2].payload.withUnsafeBytes {
            SFlowV5Decoder.decode($0, exporter: got[2].source, receivedAtMillis: got[2].timestampMillis, into: &result)
        }
        #expect(result.records.map(\.dstPort) == [443])
        #expect(result.records.first?.startMillis == 1_795_807_079_747)
    }

    @Test func unsupportedLinkTypeIsAnError() throws {
        let file = try SFlowFixtureFiles.bytes("capture/unsupported-link.pcap")
        #expect(CaptureReader.scan(file).unsupportedLinkTypes == [105])
        #expect(throws: FlowDecodeError.self) { try CaptureReader.udpDatagrams(in: file) }
        do {
            _ = try CaptureReader.udpDatagrams(in: file)
        } catch {
            #expect(error.reason == .badCapture)
            #expect(error.detail.contains("105"))
        }
    }

    @Test func isCaptureLooksOnlyAtTheMagic() throws {
        #expect(!CaptureReader.isCapture([]))
        #expect(!CaptureReader.isCapture(try SFlowFixtureFiles.bytes("sflow/generated/v4_tcp.bin")))
        #expect(!CaptureReader.isCapture([0x00, 0x09, 0x00, 0x01, 0, 0, 0, 0]))  // NetFlow v9
        #expect(!CaptureReader.isCapture(Array("\n\r\r\nnot a pcapng at all".utf8)))
        #expect(CaptureReader.isCapture([0xD4, 0xC3, 0xB2, 0xA1]))
        #expect(CaptureReader.isCapture([0xA1, 0xB2, 0x3C, 0x4D]))
        #expect(throws: FlowDecodeError.self) { try CaptureReader.udpDatagrams(in: [1, 2, 3, 4, 5]) }
    }

    /// Every prefix of every capture either throws `.badCapture` or is a valid shorter file
    /// (cut at a record boundary); what `scan` returns is always a prefix of the full answer.
    @Test func truncatedFiles() throws {
        var files = try SFlowFixtureFiles.names(in: "capture", suffix: ".pcap")
        files += try SFlowFixtureFiles.names(in: "capture", suffix: ".pcapng")
        files.removeAll { $0 == "unsupported-link.pcap" }
        var thrown = 0
        for name in files {
            let file = try SFlowFixtureFiles.bytes("capture/\(name)")
            let whole = try CaptureReader.udpDatagrams(in: file)
            for cut in 0..<file.count {
                let prefix = Array(file.prefix(cut))
                let scan = CaptureReader.scan(prefix)
                #expect(Array(whole.prefix(scan.datagrams.count)) == scan.datagrams, "\(name) cut at \(cut)")
                do {
                    let got = try CaptureReader.udpDatagrams(in: prefix)
                    #expect(Array(whole.prefix(got.count)) == got, "\(name) cut at \(cut)")
                } catch {
                    #expect(error.reason == .badCapture)
                    thrown += 1
                }
            }
        }
        #expect(thrown > 1000)
    }

    @Test func lyingLengthsAreContainerErrors() throws {
        var pcap = try SFlowFixtureFiles.bytes("capture/raw-ip.pcap")
        // Second record's incl_len (little-endian, after 24 + 16 + first record bytes).
        let first = Int(pcap[24 + 8]) | Int(pcap[24 + 9]) << 8
        let second = 24 + 16 + first
        pcap.replaceSubrange((second + 8)..<(second + 12), with: [0xFF, 0xFF, 0xFF, 0x7F])
        let scan = CaptureReader.scan(pcap)
        #expect(scan.datagrams.map(Seen.init).map(\.payload) == ["ip-v4"])
        #expect(scan.error?.reason == .badCapture)

        var ng = try SFlowFixtureFiles.bytes("capture/two-interfaces-le.pcapng")
        ng.replaceSubrange(4..<8, with: [0xF0, 0xFF, 0xFF, 0xFF])  // section header length
        #expect(CaptureReader.scan(ng).error?.reason == .badCapture)
        #expect(CaptureReader.scan(ng).datagrams.isEmpty)
    }

    /// 5,000 seeded mutations of the capture fixtures: no trap, only `.badCapture`.
    @Test func mutatedCapturesNeverCrash() throws {
        var seeds: [[UInt8]] = []
        for suffix in [".pcap", ".pcapng"] {
            for name in try SFlowFixtureFiles.names(in: "capture", suffix: suffix) {
                seeds.append(try SFlowFixtureFiles.bytes("capture/\(name)"))
            }
        }
        var rng = SFlowFuzzRandom(state: 0xCA97_0001)
        var found = 0
        for i in 0..<5_000 {
            var bytes = SFlowMutator.mutate(seeds.randomElement(using: &rng)!, using: &rng)
            if i % 7 == 0, bytes.count > 4 { bytes.replaceSubrange(0..<4, with: [0x0A, 0x0D, 0x0D, 0x0A]) }
            let scan = CaptureReader.scan(bytes)
            #expect(scan.error == nil || scan.error?.reason == .badCapture, "case \(i)")
            #expect(scan.packets <= bytes.count / 12, "case \(i)")
            found += scan.datagrams.count
        }
        #expect(found > 1000)
    }
}
