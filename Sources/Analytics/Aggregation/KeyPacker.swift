import NetsightModel

/// Packs the chosen `FlowKey`s of a record into a `PackedKey`, and renders them back.
///
/// The layout is decided once per query: 128-bit parts (addresses, nets, exporter) take two
/// words each, the rest share words first-fit by bit width. Site names are interned to
/// 32-bit ids (empty name = 0) with a one-entry cache, since consecutive records usually
/// come from the same site.
struct KeyPacker: Sendable {
    enum Kind: Sendable {
        case srcAddr, dstAddr, srcNet, dstNet, exporter
        case srcNetLen, dstNetLen, srcPort, dstPort, proto, srcAS, dstAS, inIf, outIf, srcSite, dstSite

        var bits: Int {
            switch self {
            case .srcAddr, .dstAddr, .srcNet, .dstNet, .exporter: 128
            case .srcNetLen, .dstNetLen, .proto: 8
            case .srcPort, .dstPort: 16
            case .srcAS, .dstAS, .inIf, .outIf, .srcSite, .dstSite: 32
            }
        }
    }

    struct Part: Sendable {
        let kind: Kind
        let word: Int
        let shift: UInt64
    }

    let keys: [FlowKey]
    let parts: [Part]
    /// For each key, the indices into `parts` it owns (a net owns address and length).
    let partsOfKey: [[Int]]
    /// When true an empty src/dst site is replaced by the exporter's site (matrix option).
    let siteFallbackToExporter: Bool

    private(set) var siteNames: [String] = [""]
    private var siteIDs: [String: UInt32] = ["": 0]
    private var lastSite = ""
    private var lastSiteID: UInt32 = 0
    /// Exporter name per exporter address, captured when a group is first seen.
    var exporterNames: [IPAddress: String] = [:]
    private var lastExporter = IPAddress.zero
    private var lastExporterName = ""
    let hasExporter: Bool
    /// Words of `PackedKey` this layout uses (the rest stay 0), so hashing can skip them.
    let wordCount: Int

    init(keys: [FlowKey], siteFallbackToExporter: Bool = false) throws(FlowQueryError) {
        guard !keys.isEmpty else { throw FlowQueryError("at least one key is required") }
        var seen = Set<FlowKey>()
        for k in keys where !seen.insert(k).inserted { throw FlowQueryError("key '\(k.rawValue)' is given twice") }
        var wide: [Kind] = []
        var narrow: [Kind] = []
        var owner: [Kind: Int] = [:]
        for (i, k) in keys.enumerated() {
            let kinds: [Kind] = switch k {
            case .srcip: [.srcAddr]
            case .dstip: [.dstAddr]
            case .srcnet: [.srcNet, .srcNetLen]
            case .dstnet: [.dstNet, .dstNetLen]
            case .srcport: [.srcPort]
            case .dstport: [.dstPort]
            case .proto: [.proto]
            case .srcas: [.srcAS]
            case .dstas: [.dstAS]
            case .exporter: [.exporter]
            case .inif: [.inIf]
            case .outif: [.outIf]
            case .srcsite: [.srcSite]
            case .dstsite: [.dstSite]
            }
            for kind in kinds {
                owner[kind] = i
                if kind.bits == 128 { wide.append(kind) } else { narrow.append(kind) }
            }
        }
        var parts: [Part] = []
        var word = 0
        for kind in wide {
            parts.append(Part(kind: kind, word: word, shift: 0))
            word += 2
        }
        // First-fit the narrow parts, widest first, into the remaining words.
        var used: [Int] = []
        for kind in narrow.sorted(by: { $0.bits > $1.bits }) {
            if let slot = used.firstIndex(where: { $0 + kind.bits <= 64 }) {
                parts.append(Part(kind: kind, word: word + slot, shift: UInt64(used[slot])))
                used[slot] += kind.bits
            } else {
                parts.append(Part(kind: kind, word: word + used.count, shift: 0))
                used.append(kind.bits)
            }
        }
        guard word + used.count <= PackedKey.wordCount else {
            throw FlowQueryError("too many keys: \(keys.map(\.rawValue).joined(separator: ",")) need more than 512 bits")
        }
        var partsOfKey = [[Int]](repeating: [], count: keys.count)
        for (pi, p) in parts.enumerated() { partsOfKey[owner[p.kind]!].append(pi) }
        self.keys = keys
        self.parts = parts
        self.partsOfKey = partsOfKey
        self.siteFallbackToExporter = siteFallbackToExporter
        self.hasExporter = keys.contains(.exporter)
        self.wordCount = word + used.count
    }

    /// The record fields `pack` reads.
    var fields: FlowFieldSet {
        var f = FlowFieldSet()
        for k in keys { f.formUnion(k.fields) }
        if siteFallbackToExporter && (keys.contains(.srcsite) || keys.contains(.dstsite)) { f.insert(.exporterSite) }
        return f
    }

    @inline(__always)
    mutating func intern(_ name: String) -> UInt32 {
        if name.isEmpty { return 0 }
        if name == lastSite { return lastSiteID }
        let id: UInt32
        if let known = siteIDs[name] {
            id = known
        } else {
            id = UInt32(siteNames.count)
            siteNames.append(name)
            siteIDs[name] = id
        }
        lastSite = name
        lastSiteID = id
        return id
    }

    @inline(__always)
    static func masked(_ a: IPAddress, _ recordLength: UInt8) -> (IPAddress, UInt64) {
        let v4 = a.isIPv4
        var len = Int(recordLength)
        if len == 0 { len = v4 ? FlowKey.defaultIPv4NetLength : FlowKey.defaultIPv6NetLength }
        len = min(len, v4 ? 32 : 128)
        let (mh, ml) = IPPrefix.mask(bits: v4 ? 96 + len : len)
        return (IPAddress(high: a.high & mh, low: a.low & ml), UInt64(len))
    }

    @inline(__always)
    mutating func pack(_ r: FlowRecord) -> PackedKey {
        var k = PackedKey()
        for p in parts {
            switch p.kind {
            case .srcAddr: k[p.word] = r.srcAddress.high; k[p.word + 1] = r.srcAddress.low
            case .dstAddr: k[p.word] = r.dstAddress.high; k[p.word + 1] = r.dstAddress.low
            case .exporter: k[p.word] = r.exporter.high; k[p.word + 1] = r.exporter.low
            case .srcNet:
                let (a, _) = Self.masked(r.srcAddress, r.srcPrefixLength)
                k[p.word] = a.high; k[p.word + 1] = a.low
            case .dstNet:
                let (a, _) = Self.masked(r.dstAddress, r.dstPrefixLength)
                k[p.word] = a.high; k[p.word + 1] = a.low
            case .srcNetLen: k[p.word] |= Self.masked(r.srcAddress, r.srcPrefixLength).1 << p.shift
            case .dstNetLen: k[p.word] |= Self.masked(r.dstAddress, r.dstPrefixLength).1 << p.shift
            case .srcPort: k[p.word] |= UInt64(r.srcPort) << p.shift
            case .dstPort: k[p.word] |= UInt64(r.dstPort) << p.shift
            case .proto: k[p.word] |= UInt64(r.proto) << p.shift
            case .srcAS: k[p.word] |= UInt64(r.srcAS) << p.shift
            case .dstAS: k[p.word] |= UInt64(r.dstAS) << p.shift
            case .inIf: k[p.word] |= UInt64(r.inputInterface) << p.shift
            case .outIf: k[p.word] |= UInt64(r.outputInterface) << p.shift
            case .srcSite:
                let name = siteFallbackToExporter && r.srcSite.isEmpty ? r.exporterSite : r.srcSite
                k[p.word] |= UInt64(intern(name)) << p.shift
            case .dstSite:
                let name = siteFallbackToExporter && r.dstSite.isEmpty ? r.exporterSite : r.dstSite
                k[p.word] |= UInt64(intern(name)) << p.shift
            }
        }
        return k
    }

    /// Learns the exporter name a record carries, for rendering `exporter` keys. Called for
    /// every record of an exporter-keyed query (repeats of the previous record's pair are
    /// skipped cheaply).
    @inline(__always)
    mutating func noteExporter(_ r: FlowRecord) {
        guard hasExporter, !r.exporterName.isEmpty else { return }
        if r.exporter == lastExporter && r.exporterName == lastExporterName { return }
        lastExporter = r.exporter
        lastExporterName = r.exporterName
        noteExporterName(r.exporterName, for: r.exporter)
    }

    /// Keeps the smallest non-empty name seen per exporter address. An address normally has
    /// one name (from the configuration); when it had several (renamed mid-window), taking
    /// the smallest makes the answer independent of the order records were read in, which
    /// parallel scans do not fix.
    mutating func noteExporterName(_ name: String, for address: IPAddress) {
        if let known = exporterNames[address], known <= name { return }
        exporterNames[address] = name
    }

    private func value(_ k: PackedKey, _ p: Part) -> UInt64 {
        let mask: UInt64 = p.kind.bits == 64 ? .max : (1 << UInt64(p.kind.bits)) - 1
        return (k[p.word] >> p.shift) & mask
    }

    private func address(_ k: PackedKey, _ p: Part) -> IPAddress { IPAddress(high: k[p.word], low: k[p.word + 1]) }

    /// The key's value as people read it: addresses as text, nets with their length,
    /// protocols by nfdump's name, sites by name, exporters by configured name or address.
    func render(_ k: PackedKey, key index: Int) -> String {
        let ps = partsOfKey[index].map { parts[$0] }
        switch keys[index] {
        case .srcip, .dstip:
            return address(k, ps[0]).description
        case .exporter:
            let a = address(k, ps[0])
            return exporterNames[a] ?? a.description
        case .srcnet, .dstnet:
            let wide = ps.first { $0.kind.bits == 128 }!
            let len = ps.first { $0.kind.bits == 8 }!
            return "\(address(k, wide))/\(value(k, len))"
        case .proto:
            return IPProtocolName.name(UInt8(value(k, ps[0])))
        case .srcsite, .dstsite:
            return siteNames[Int(value(k, ps[0]))]
        case .srcport, .dstport, .srcas, .dstas, .inif, .outif:
            return String(value(k, ps[0]))
        }
    }

    /// Orders two keys for deterministic tie-breaking: key by key in query order,
    /// numerically (addresses as 128-bit numbers), sites and exporters by their text.
    func precedes(_ a: PackedKey, _ b: PackedKey) -> Bool {
        for (i, key) in keys.enumerated() {
            switch key {
            case .srcsite, .dstsite, .exporter:
                let x = render(a, key: i), y = render(b, key: i)
                if x != y { return x < y }
            default:
                for pi in partsOfKey[i] {
                    let p = parts[pi]
                    if p.kind.bits == 128 {
                        let x = address(a, p), y = address(b, p)
                        if x != y { return x < y }
                    } else {
                        let x = value(a, p), y = value(b, p)
                        if x != y { return x < y }
                    }
                }
            }
        }
        return false
    }
}
