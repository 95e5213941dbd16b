import FlowCodec
import NetsightModel
import Testing

/// Hand-made bad datagrams: each must yield its good samples, a typed error for the bad
/// part, and never a trap or a hang.
@Suite struct SFlowMalformedTests {
    typealias B = SFlowDatagramBuilder
    let good = B.flowSample([B.rawHeader(B.udpFrame)])

    func decode(_ bytes: [UInt8]) -> FlowDecodeResult { SFlowTestDecode.decode(bytes) }

    @Test func wellFormedBaseline() {
        let r = decode(B.datagram([good]))
        #expect(r.errors.isEmpty)
        #expect(r.records.count == 1)
        #expect(r.records.first?.srcPort == 1000)
        #expect(r.records.first?.dstPort == 2000)
        #expect(r.records.first?.bytes == 1000)
        #expect(r.records.first?.exporter == IPAddress("192.0.2.1"))
    }

    @Test func emptyAndShortDatagrams() {
        for bytes in [[], [0, 0, 0], B.words(5), B.words(5, 1, 0xC000_0201, 9)] {
            let r = decode(bytes)
            #expect(r.errors.map(\.reason) == [.truncated], "\(bytes)")
            #expect(r.records.isEmpty)
            #expect(r.version == 20)
        }
    }

    @Test func otherVersionsAreRejected() {
        for version: UInt32 in [2, 4, 6, 9, 10, 0x0500_0000] {
            let r = decode(B.datagram([good], version: version))
            #expect(r.errors.map(\.reason) == [.badVersion])
            #expect(r.records.isEmpty)
        }
    }

    @Test func sampleCountTooBigKeepsTheSamplesPresent() {
        let r = decode(B.datagram([good, good], count: 1_000_000))
        #expect(r.records.count == 2)
        #expect(r.errors.map(\.reason) == [.truncated])
        #expect(r.errors.first?.detail.contains("1000000") == true)
    }

    @Test func sampleCountTooSmallIgnoresTheRest() {
        let r = decode(B.datagram([good, good], count: 1))
        #expect(r.records.count == 1)
        #expect(r.errors.isEmpty)
    }

    @Test func lyingSampleLengthAfterAGoodSample() {
        let liar = B.tagged(0, 1, [UInt8](good.dropFirst(8)), length: 0xFFFF_FFF0)
        let r = decode(B.datagram([good, liar]))
        #expect(r.records.count == 1)
        #expect(r.errors.map(\.reason) == [.truncated])
    }

    @Test(arguments: [
        ("record length past the sample", B.flowSample([B.tagged(0, 1001, B.words(7, 0, 0, 0), length: 400)])),
        ("record count past the sample", B.flowSample([B.rawHeader(B.udpFrame)], count: 0x7FFF_FFFF)),
        ("header length past the record", B.flowSample([B.rawHeader(B.udpFrame, headerLength: 0xFFFF_FFFF)])),
        ("short extended switch", B.flowSample([B.tagged(0, 1001, B.words(7, 0))])),
        ("short sampled IPv4", B.flowSample([B.tagged(0, 3, B.words(1500, 6, 1))])),
        ("gateway AS count too big", B.flowSample([B.tagged(0, 1003, B.words(1, 1, 65000, 1, 2, 1, 2, 0x4000_0000))])),
        ("gateway segment count too big", B.flowSample([B.tagged(0, 1003, B.words(1, 1, 65000, 1, 2, 0xFFFF_FFFF))])),
        ("router next hop of unknown type", B.flowSample([B.tagged(0, 1002, B.words(9, 1, 24, 16))])),
        ("flow sample cut inside its header", B.tagged(0, 1, B.words(1, 1, 10))),
        ("expanded flow sample cut", B.tagged(0, 3, B.words(1, 0, 1, 10, 100, 0, 0))),
        ("short generic counters", B.counterSample([B.tagged(0, 1, B.words(1, 6, 0))])),
        ("counter record past the sample", B.counterSample([B.tagged(0, 1, [], length: 88)])),
    ])
    func badSampleLosesOnlyItself(_ name: String, _ bad: [UInt8]) {
        let r = decode(B.datagram([good, bad, good]))
        #expect(r.records.count == 2, "\(name)")
        #expect(r.errors.map(\.reason) == [.badSample], "\(name): \(r.errors)")
        #expect(r.errors.first?.detail.contains("sample 1") == true, "\(name)")
    }

    @Test func badCounterRecordDropsItsWholeSample() {
        let sample = B.counterSample([B.genericCounters(ifIndex: 4), B.tagged(0, 1, B.words(1))])
        let r = decode(B.datagram([sample, B.counterSample([B.genericCounters(ifIndex: 5)])]))
        #expect(r.counters.map(\.ifIndex) == [5])
        #expect(r.counters.first?.inOctets == 5000)
        #expect(r.counters.first?.ifSpeed == 1_000_000_000)
        #expect(r.errors.map(\.reason) == [.badSample])
    }

    @Test func unknownAgentAddressTypeStopsTheDatagram() {
        let r = decode(B.datagram([good], agent: B.words(7, 1, 2, 3, 4)))
        #expect(r.records.isEmpty)
        #expect(r.errors.map(\.reason) == [.badSample])
    }

    @Test func unknownAgentAddressFallsBackToTheUDPSource() {
        let r = decode(B.datagram([good], agent: B.words(0)))
        #expect(r.records.first?.exporter == SFlowTestDecode.udpSource)
    }

    @Test func unknownFormatsAreSkippedByLength() {
        let r = decode(B.datagram([
            B.tagged(0, 5, []), B.tagged(4413, 1, B.words(1, 2, 3)),
            B.flowSample([B.tagged(0, 2000, B.words(1, 2)), B.tagged(77, 1, []), B.rawHeader(B.udpFrame)]),
            B.counterSample([B.tagged(0, 1005, B.words(1)), B.genericCounters(ifIndex: 3)]),
        ]))
        #expect(r.errors.isEmpty)
        #expect(r.records.map(\.dstPort) == [2000])
        #expect(r.counters.map(\.ifIndex) == [3])
    }

    @Test func zeroSamplingRateCountsAsOne() {
        let r = decode(B.datagram([B.flowSample([B.rawHeader(B.udpFrame)], rate: 0)]))
        #expect(r.records.first?.samplingRate == 1)
        #expect(r.records.first?.bytes == 100)
    }

    @Test func garbageInsideTheSampledHeaderKeepsTheCounts() {
        let cutIPv4 = Array(B.udpFrame.prefix(24))  // Ethernet + 10 bytes of IPv4
        let badIHL = Array(B.udpFrame.prefix(14)) + [0x41] + Array(B.udpFrame.dropFirst(15))
        let v6Loop = [UInt8](repeating: 0, count: 12) + [0x86, 0xDD, 0x60] + [UInt8](repeating: 0, count: 37)
            + [UInt8](repeating: 0, count: 200)  // next header 0 (hop-by-hop) forever
        let vlanLoop = [UInt8](repeating: 0, count: 12) + [0x81, 0x00]
            + Array(repeating: [0x00, 0x05, 0x81, 0x00], count: 30).flatMap { $0 }
        for header in [cutIPv4, badIHL, v6Loop, vlanLoop, [], [0xFF]] {
            let r = decode(B.datagram([B.flowSample([B.rawHeader(header, frameLength: 1514)])]))
            #expect(r.errors.isEmpty)
            #expect(r.records.count == 1)
            #expect(r.records.first?.rawBytes == 1514)
            #expect(r.records.first?.srcPort == 0)
        }
        let r = decode(B.datagram([B.flowSample([B.rawHeader(vlanLoop)])]))
        #expect(r.records.first?.vlan == 5)
    }

    /// Every proper prefix of every fixture is an error, and never more records than the whole.
    @Test(arguments: ["sflow/generated", "sflow/pmacctd"])
    func everyTruncationIsReported(directory: String) throws {
        for name in try SFlowFixtureFiles.names(in: directory, suffix: ".bin") {
            let bytes = try SFlowFixtureFiles.bytes("\(directory)/\(name)")
            let whole = decode(bytes)
            for cut in 0..<bytes.count {
                let r = decode(Array(bytes.prefix(cut)))
                #expect(!r.errors.isEmpty, "\(name) cut at \(cut)")
                #expect(r.records.count <= whole.records.count)
                #expect(r.counters.count <= whole.counters.count)
            }
        }
    }
}
