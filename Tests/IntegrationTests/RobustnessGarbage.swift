import Foundation

/// Seeded hostile datagrams for the flood test: random bytes, and real v5/v9/IPFIX/sFlow
/// datagrams (the FlowCodec fixtures plus hand-built template cases) broken in the ways
/// exporters and attackers break them.
struct GarbageGenerator {
    /// What a datagram was made as, for the test's summary.
    enum Kind: String, CaseIterable {
        case random, flipped, truncated, lyingLength, zeroFieldTemplate, hugeFieldLength, dataBeforeTemplate
        case templateReused, wrongVersion, oversized, overflowingTemplate, unmodified
    }

    private var rng: SeededGenerator
    private let bases: [[UInt8]]
    private var reuseFlip = false
    private(set) var made: [Kind: Int] = [:]

    /// - Parameter fixtures: real datagrams to mutate (at least one).
    init(seed: UInt64, fixtures: [[UInt8]]) {
        precondition(!fixtures.isEmpty)
        rng = SeededGenerator(seed: seed)
        let now = UInt64(1_700_000_000_000)
        let flows = FlowDatagrams.flows(count: 20, firstSource: "10.9.0.1")
        bases = fixtures + [
            FlowDatagrams.v9Template(templateID: 260, sourceID: 5, nowMillis: now)
                + Array(FlowDatagrams.v9Data(flows[0..<20], templateID: 260, sourceID: 5, nowMillis: now, sequence: 1)
                    .dropFirst(20)),
            Self.ipfix(domain: 5, sets: Self.ipfixTemplateSet(id: 261, fields: FlowDatagrams.v9Fields)
                + FlowDatagrams.flowSet(261, flows.flatMap(FlowDatagrams.v9Record))),
        ]
    }

    /// Loads every NetFlow and sFlow fixture datagram of the FlowCodec tests.
    static func loadFixtures() throws -> [[UInt8]] {
        let root = Peers.repositoryRoot + "/Tests/FlowCodecTests/Fixtures"
        var out: [[UInt8]] = []
        for sub in ["netflow", "sflow"] {
            guard let e = FileManager.default.enumerator(atPath: root + "/" + sub) else { continue }
            for case let path as String in e where path.hasSuffix(".bin") {
                out.append([UInt8](try Data(contentsOf: URL(fileURLWithPath: root + "/" + sub + "/" + path))))
            }
        }
        return out
    }

    mutating func next() -> [UInt8] {
        let kind = Kind.allCases[Int(rng.next() % UInt64(Kind.allCases.count))]
        made[kind, default: 0] += 1
        switch kind {
        case .random:
            return bytes(Int(rng.next() % 1500))
        case .flipped:
            var d = base()
            for _ in 0..<(1 + rng.next() % 8) where !d.isEmpty {
                d[Int(rng.next() % UInt64(d.count))] ^= UInt8(1 + rng.next() % 255)
            }
            return d
        case .truncated:
            let d = base()
            return Array(d.prefix(Int(rng.next() % UInt64(d.count))))
        case .lyingLength:
            return lyingLength(base())
        case .zeroFieldTemplate:
            return templateCase(fields: [], dataLength: 16)
        case .hugeFieldLength:
            return templateCase(fields: [(8, 4), (1, 65535), (12, 4)], dataLength: 40)
        case .dataBeforeTemplate:
            // Data sets for templates never announced, from a few domains (so the cache stays small).
            let id = UInt16(256 + rng.next() % 2000)
            let body = bytes(Int(4 + rng.next() % 200))
            if rng.next() % 2 == 0 {
                return FlowDatagrams.v9Header(count: 3, nowMillis: 1_700_000_000_000, sequence: 0, sourceID: UInt32(100 + rng.next() % 4))
                    + FlowDatagrams.flowSet(id, body)
            }
            return Self.ipfix(domain: UInt32(100 + rng.next() % 4), sets: FlowDatagrams.flowSet(id, body))
        case .templateReused:
            // One template ID flips between two layouts; the data that follows is in the old one.
            reuseFlip.toggle()
            let a: [(UInt16, UInt16)] = FlowDatagrams.v9Fields
            let b: [(UInt16, UInt16)] = [(27, 16), (28, 16), (7, 2), (11, 2), (1, 8)]
            let (announced, dataLayout) = reuseFlip ? (a, b) : (b, a)
            let data = FlowDatagrams.flowSet(300, bytes(dataLayout.reduce(0) { $0 + Int($1.1) } * 3))
            if rng.next() % 2 == 0 {
                return FlowDatagrams.v9Header(count: 4, nowMillis: 1_700_000_000_000, sequence: 0, sourceID: 77)
                    + FlowDatagrams.flowSet(0, FlowDatagrams.templateRecord(300, announced)) + data
            }
            return Self.ipfix(domain: 77, sets: Self.ipfixTemplateSet(id: 300, fields: announced) + data)
        case .wrongVersion:
            var d = base()
            let versions: [UInt16] = [0, 1, 4, 6, 7, 8, 11, 0xFFFF, UInt16(truncatingIfNeeded: rng.next())]
            let v = versions[Int(rng.next() % UInt64(versions.count))]
            if d.count < 4 { d += [0, 0, 0, 0] }
            if d[0] == 0, d[1] == 0, d[2] == 0, d[3] == 5 {
                // sFlow: a 32-bit version other than 5.
                d[3] = UInt8(truncatingIfNeeded: v == 5 ? 6 : v)
            } else {
                d[0] = UInt8(v >> 8)
                d[1] = UInt8(v & 0xff)
                if [5, 9, 10].contains(v) { d[1] = 12 }
            }
            return d
        case .oversized:
            // A plausible header followed by thousands of random bytes.
            let n = Int(2000 + rng.next() % 7000)
            if rng.next() % 2 == 0 {
                return FlowDatagrams.v9Header(count: 200, nowMillis: 1_700_000_000_000, sequence: 0, sourceID: 9) + bytes(n)
            }
            var d = Self.ipfix(domain: 9, sets: bytes(n))
            if rng.next() % 2 == 0 { d[2] = 0xff; d[3] = 0xff }
            return d
        case .overflowingTemplate:
            // Field counts and lengths whose sum overflows a 16-bit record length.
            let n = Int(1 + rng.next() % 600)
            let fields = (0..<n).map { _ in (UInt16(1 + rng.next() % 300), UInt16(truncatingIfNeeded: 200 + rng.next() % 65_336)) }
            if rng.next() % 2 == 0 {
                return FlowDatagrams.v9Header(count: 2, nowMillis: 1_700_000_000_000, sequence: 0, sourceID: 11)
                    + FlowDatagrams.flowSet(0, FlowDatagrams.templateRecord(UInt16(400 + rng.next() % 4), fields))
                    + FlowDatagrams.flowSet(400, bytes(64))
            }
            return Self.ipfix(domain: 11, sets: Self.ipfixTemplateSet(id: UInt16(400 + rng.next() % 4), fields: fields)
                + FlowDatagrams.flowSet(400, bytes(64)))
        case .unmodified:
            return base()
        }
    }

    private mutating func base() -> [UInt8] { bases[Int(rng.next() % UInt64(bases.count))] }

    private mutating func bytes(_ n: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: n)
        var i = 0
        while i < n {
            var r = rng.next()
            for _ in 0..<8 where i < n {
                out[i] = UInt8(truncatingIfNeeded: r)
                r >>= 8
                i += 1
            }
        }
        return out
    }

    /// Overwrites a length or count field (header or first set) with a lie.
    private mutating func lyingLength(_ d0: [UInt8]) -> [UInt8] {
        var d = d0
        guard d.count >= 24 else { return d }
        let v16 = UInt16(d[0]) << 8 | UInt16(d[1])
        let offsets: [Int]
        if d[0] == 0, d[1] == 0, d[2] == 0, d[3] == 5 {
            offsets = [24, 32, 36, 44, 48]  // sample count, first sample's length, record counts and lengths
        } else if v16 == 5 {
            offsets = [2]
        } else if v16 == 9 {
            offsets = [2, 22, 26]
        } else {
            offsets = [2, 18, 22]
        }
        let at = offsets[Int(rng.next() % UInt64(offsets.count))]
        guard at + 2 <= d.count else { return d }
        let lies: [UInt16] = [0, 1, 3, 0xFFFF, 0x7FFF, UInt16(truncatingIfNeeded: d.count + 1), UInt16(truncatingIfNeeded: d.count - 1),
                              UInt16(truncatingIfNeeded: rng.next())]
        let lie = lies[Int(rng.next() % UInt64(lies.count))]
        d[at] = UInt8(lie >> 8)
        d[at + 1] = UInt8(lie & 0xff)
        return d
    }

    /// A template (v9 or IPFIX, chosen at random) with `fields`, followed by a data set of
    /// `dataLength` random bytes for it.
    private mutating func templateCase(fields: [(UInt16, UInt16)], dataLength: Int) -> [UInt8] {
        let id = UInt16(256 + rng.next() % 8)
        let data = FlowDatagrams.flowSet(id, bytes(dataLength))
        if rng.next() % 2 == 0 {
            return FlowDatagrams.v9Header(count: 2, nowMillis: 1_700_000_000_000, sequence: 0, sourceID: 42)
                + FlowDatagrams.flowSet(0, FlowDatagrams.templateRecord(id, fields)) + data
        }
        return Self.ipfix(domain: 42, sets: Self.ipfixTemplateSet(id: id, fields: fields) + data)
    }

    static func ipfixTemplateSet(id: UInt16, fields: [(UInt16, UInt16)]) -> [UInt8] {
        let body = FlowDatagrams.templateRecord(id, fields)
        return FlowDatagrams.be16(2) + FlowDatagrams.be16(UInt16(truncatingIfNeeded: body.count + 4)) + body
    }

    static func ipfix(domain: UInt32, sets: [UInt8], exportSeconds: UInt32 = 1_700_000_000) -> [UInt8] {
        var out = FlowDatagrams.be16(10) + FlowDatagrams.be16(UInt16(truncatingIfNeeded: 16 + sets.count))
        out += FlowDatagrams.be32(exportSeconds) + FlowDatagrams.be32(1) + FlowDatagrams.be32(domain)
        return out + sets
    }
}
