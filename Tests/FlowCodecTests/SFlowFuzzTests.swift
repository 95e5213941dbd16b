import FlowCodec
import NetsightModel
import Testing

/// SplitMix64: a tiny seeded generator, so a failing fuzz case can be replayed exactly.
struct SFlowFuzzRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutates valid datagrams in ways that aim at length and count fields.
enum SFlowMutator {
    static let interestingWords: [UInt32] = [0, 1, 3, 4, 7, 8, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF_FFFC, 88, 1001]

    static func mutate(_ input: [UInt8], using rng: inout SFlowFuzzRandom) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0 where !bytes.isEmpty:
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            case 1 where bytes.count >= 4:
                // Overwrite an aligned word: XDR fields, lengths and counts sit on 4-byte boundaries.
                let at = Int.random(in: 0..<(bytes.count / 4), using: &rng) * 4
                let w = interestingWords.randomElement(using: &rng)!
                bytes.replaceSubrange(at..<(at + 4), with: SFlowDatagramBuilder.u32(w))
            case 2 where !bytes.isEmpty:
                bytes.removeLast(Int.random(in: 1...min(bytes.count, 64), using: &rng))
            case 3:
                let at = Int.random(in: 0...bytes.count, using: &rng)
                bytes.insert(contentsOf: (0..<Int.random(in: 1...16, using: &rng)).map { _ in
                    UInt8.random(in: 0...255, using: &rng)
                }, at: at)
            case 4 where bytes.count >= 8:
                let at = Int.random(in: 0..<(bytes.count - 4), using: &rng)
                bytes.remove(at: at)
            default:
                if !bytes.isEmpty { bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= 0x80 }
            }
        }
        return bytes
    }
}

@Suite struct SFlowFuzzTests {
    static let allowed: Set<FlowDecodeError.Reason> = [.truncated, .badSample, .badVersion]

    /// 20,000 seeded random and mutated datagrams: no trap, bounded output, only sFlow errors.
    @Test func randomAndMutatedDatagramsNeverCrash() throws {
        var seeds: [[UInt8]] = []
        for directory in ["sflow/generated", "sflow/pmacctd"] {
            for name in try SFlowFixtureFiles.names(in: directory, suffix: ".bin") {
                seeds.append(try SFlowFixtureFiles.bytes("\(directory)/\(name)"))
            }
        }
        try #require(seeds.count >= 10)
        var rng = SFlowFuzzRandom(state: 0x5F10_0005)
        var records = 0
        var errors = 0
        for i in 0..<20_000 {
            let bytes: [UInt8]
            if i % 10 == 0 {
                // Pure noise behind a valid version word, so the header parser is reached.
                let n = Int.random(in: 0..<600, using: &rng)
                bytes = SFlowDatagramBuilder.words(5) + (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            } else {
                bytes = SFlowMutator.mutate(seeds.randomElement(using: &rng)!, using: &rng)
            }
            let r = SFlowTestDecode.decode(bytes)
            #expect(r.version == 20)
            // A record needs at least a sample header, so output stays proportional to input.
            #expect(r.records.count + r.counters.count <= bytes.count / 8, "case \(i)")
            #expect(r.records.allSatisfy { $0.source == .sflow && $0.rawPackets == 1 }, "case \(i)")
            #expect(r.errors.allSatisfy { Self.allowed.contains($0.reason) }, "case \(i): \(r.errors)")
            records += r.records.count
            errors += r.errors.count
        }
        // The mutations must exercise both paths, or the test proves little.
        #expect(records > 10_000)
        #expect(errors > 5_000)
    }
}
