import Testing
@testable import SNMPCodec

/// SplitMix64: a tiny seeded generator, so a failing case can be replayed exactly.
struct SNMPFuzzRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct FuzzTests {
    /// Values that make BER lengths and integers interesting.
    static let interesting: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0x81, 0x82, 0x84, 0x85, 0xFF, 0x30, 0x04, 0x02, 0x06]

    static func mutate(_ input: [UInt8], using rng: inout SNMPFuzzRandom) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            guard !bytes.isEmpty else { break }
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
            case 1: bytes[at] = interesting.randomElement(using: &rng)!
            case 2: bytes.removeLast(Int.random(in: 1...min(bytes.count, 32), using: &rng))
            case 3: bytes.insert(contentsOf: (0..<Int.random(in: 1...8, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: at)
            case 4: bytes.remove(at: at)
            default: bytes[at] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
            }
        }
        return bytes
    }

    /// 6,000 mutated captures plus 1,000 random buffers: no trap, only typed errors, and
    /// the errors reach deep into the grammar (several distinct reasons).
    @Test func mutatedAndRandomInputNeverCrashes() throws {
        let seeds = try SNMPFixtures.all()
        for seed in seeds { _ = try SNMPMessage.decode(seed) }  // the originals are valid BER
        var rng = SNMPFuzzRandom(state: 0x5EED_0003)
        var reasons: [String: Int] = [:]
        var accepted = 0
        for iteration in 0..<7_000 {
            let input: [UInt8]
            if iteration < 6_000 {
                input = FuzzTests.mutate(seeds[iteration % seeds.count], using: &rng)
            } else {
                input = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            }
            do {
                try MalformedInputTests.decodeAsReceiver(input)
                accepted += 1
            } catch let error as SNMPDecodeError {
                reasons[error.reason.rawValue, default: 0] += 1
            } catch let error as USMError {
                reasons["usm_" + error.reason.rawValue, default: 0] += 1
            } catch {
                Issue.record("untyped error \(error) at iteration \(iteration)")
            }
        }
        #expect(reasons.count >= 6, "\(reasons)")
        #expect(reasons["usm_wrong_digest", default: 0] > 0)
        #expect(accepted < 7_000)
    }

    @Test func berTreeParserSurvivesRandomInput() {
        var rng = SNMPFuzzRandom(state: 42)
        for _ in 0..<3_000 {
            let input = (0..<Int.random(in: 0...48, using: &rng)).map { _ in FuzzTests.interesting.randomElement(using: &rng)! }
            do {
                _ = try BERElement.parse(input, maxDepth: 8)
            } catch {
                #expect([.truncated, .badLength, .tooDeep, .unexpectedTag].contains(error.reason))
            }
        }
    }
}
