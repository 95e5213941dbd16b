import FlowCodec
import NetsightModel
import Testing

@Suite("FlowDecoder dispatch and robustness")
struct FlowDecoderTests {
    @Test(arguments: [
        ([UInt8](), FlowDecodeError.Reason.truncated),
        ([0, 9, 0], .truncated),
        ([0, 7, 0, 0, 0, 0, 0, 0], .badVersion),
        ([0xff, 0xff, 0, 0, 0, 0, 0, 0], .badVersion),
        ([0, 0, 0, 4, 0, 0, 0, 0], .badVersion),
    ])
    func rejectsWhatItCannotDecode(bytes: [UInt8], reason: FlowDecodeError.Reason) {
        let result = decode(bytes)
        #expect(result.errors.map(\.reason) == [reason])
        #expect(result.records.isEmpty)
    }

    @Test func dispatchesOnVersion() {
        #expect(decode(NetFlowV5DecoderTests.packet(records: [])).version == 5)
        #expect(decode(Build.v9()).version == 9)
        #expect(decode(Build.ipfix()).version == 10)
        #expect(decode([0, 0, 0, 5] + [UInt8](repeating: 0, count: 24)).version == 20)
    }

    /// Deterministic SplitMix64, so a failure reproduces.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }

    /// Valid datagrams the mutator starts from: every fixture plus hand-built packets with
    /// options, varlen and enterprise fields.
    static func seeds() throws -> [[UInt8]] {
        var seeds: [[UInt8]] = []
        for name in ["softflowd-v5", "softflowd-v9", "softflowd-ipfix", "softflowd-v9-sampled"] {
            seeds += try fixtureDatagrams(name)
        }
        seeds.append(NetFlowV5DecoderTests.packet(records: [NetFlowV5DecoderTests.record(), NetFlowV5DecoderTests.record()]))
        seeds.append(Build.v9(
            Build.set(1, Build.v9OptionsTemplate(300, scopes: [(1, 4)], options: [(48, 1), (50, 4)]), padTo: 4),
            Build.set(300, Build.be32(0) + [7] + Build.be32(250), padTo: 4),
            Build.set(0, Build.template(256, [(1, 4), (2, 4), (48, 1), (8, 4), (22, 4), (21, 4)])),
            Build.set(256, [UInt8](repeating: 1, count: 50))))
        seeds.append(Build.ipfix(
            Build.set(2, Build.be16(256) + Build.be16(3) + Build.ipfixField(7, 2) + Build.ipfixField(96, 65535)
                + Build.ipfixField(5, 4, enterprise: 9)),
            Build.set(3, Build.be16(400) + Build.be16(3) + Build.be16(1) + Build.ipfixField(302, 8)
                + Build.ipfixField(305, 4) + Build.ipfixField(306, 4)),
            Build.set(400, Build.be64(1) + Build.be32(1) + Build.be32(9)),
            Build.set(256, Build.be16(1) + [2, 0x61, 0x62] + Build.be32(3) + Build.be16(2) + [255, 0, 1, 0x63] + Build.be32(4))))
        return seeds
    }

    static func mutate(_ seed: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = seed
        switch rng.next() % 6 {
        case 0:  // random bytes behind a plausible version
            let length = Int(rng.next() % 600)
            bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if length >= 2 { bytes[0] = 0; bytes[1] = [5, 9, 10][Int(rng.next() % 3)] }
        case 1:  // flip a few bytes
            for _ in 0..<(1 + rng.next() % 8) where !bytes.isEmpty {
                bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
        case 2:  // truncate
            bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count + 1))))
        case 3:  // extreme 16-bit value at an even offset (a length, count or ID)
            if bytes.count >= 2 {
                let at = Int(rng.next() % UInt64(bytes.count / 2)) * 2
                let value: UInt16 = [0, 1, 3, 4, 255, 256, 0x7fff, 0x8000, 0xffff][Int(rng.next() % 9)]
                bytes[at] = UInt8(value >> 8)
                bytes[at + 1] = UInt8(value & 0xff)
            }
        case 4:  // append garbage
            bytes += (0..<(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        default:  // splice two halves of the same seed
            if bytes.count > 8 {
                let cut = Int(rng.next() % UInt64(bytes.count))
                bytes = Array(bytes[..<cut]) + Array(bytes[(bytes.count - cut / 2)...])
            }
        }
        return bytes
    }

    /// 20,000 random and mutated datagrams through one shared cache: no trap, no hang,
    /// every error labelled and explained, every record's counters consistent.
    @Test func fuzzedDatagramsNeverTrap() throws {
        let seeds = try Self.seeds()
        var rng = SplitMix64(state: 0x5eed_1234)
        var cache = TemplateCache()
        var decodedRecords = 0
        var errorsSeen = Set<FlowDecodeError.Reason>()
        for i in 0..<20_000 {
            let seed = seeds[Int(rng.next() % UInt64(seeds.count))]
            let datagram = i % 10 == 0 ? seed : Self.mutate(seed, &rng)
            let exporter = IPAddress(ipv4: 0xc000_0200 | UInt32(rng.next() % 4))
            let result = decode(datagram, exporter: exporter, cache: &cache)
            decodedRecords += result.records.count
            for error in result.errors {
                errorsSeen.insert(error.reason)
                #expect(!error.detail.isEmpty, "datagram \(i)")
                #expect(FlowDecodeError.Reason(rawValue: error.reason.rawValue) == error.reason)
            }
            for record in result.records {
                #expect(record.samplingRate >= 1)
                #expect(record.bytes == record.rawBytes &* UInt64(record.samplingRate))
                #expect(record.exporter == exporter)
            }
        }
        // The run exercised real decoding and many error paths, not just one early exit.
        #expect(decodedRecords > 10_000)
        #expect(errorsSeen.isSuperset(of: [.truncated, .badVersion, .badLength, .badTemplate, .unknownTemplate, .badRecord]))
    }
}
