import NetsightModel

extension KeyPacker {
    /// Where one key part comes from in a block, resolved once per block so the per-record
    /// loops do not switch on the part kind or look columns up.
    enum ColumnSource {
        /// The block lacks the column: the part stays 0, as `FlowRecord()`'s default packs.
        case missing
        case address(FlowAddressColumn)
        /// An address masked by its prefix-length column (nil: the length defaults to 0).
        case net(FlowAddressColumn, UnsafeBufferPointer<UInt8>?)
        /// The effective prefix length of a net key (the address decides v4 or v6).
        case netLength(FlowAddressColumn, UnsafeBufferPointer<UInt8>?)
        case u8(UnsafeBufferPointer<UInt8>)
        case u16(UnsafeBufferPointer<UInt16>)
        case u32(UnsafeBufferPointer<UInt32>)
        /// Interned site ids per table entry; `fallback` replaces an empty site (id 0).
        case site(indices: UnsafeBufferPointer<UInt16>, ids: [UInt32], fallback: (UnsafeBufferPointer<UInt16>, [UInt32])?)
    }

    /// Resolves every part's column in `batch`, interning the block's site names once.
    mutating func columnSources(_ batch: FlowColumnBatch) -> [ColumnSource] {
        parts.map { p in
            switch p.kind {
            case .srcAddr: batch.addresses(.srcAddress).map(ColumnSource.address) ?? .missing
            case .dstAddr: batch.addresses(.dstAddress).map(ColumnSource.address) ?? .missing
            case .exporter: batch.addresses(.exporter).map(ColumnSource.address) ?? .missing
            case .srcNet:
                batch.addresses(.srcAddress).map { .net($0, batch.uint8(.srcPrefixLength)) } ?? .missing
            case .dstNet:
                batch.addresses(.dstAddress).map { .net($0, batch.uint8(.dstPrefixLength)) } ?? .missing
            case .srcNetLen:
                batch.addresses(.srcAddress).map { .netLength($0, batch.uint8(.srcPrefixLength)) } ?? .missing
            case .dstNetLen:
                batch.addresses(.dstAddress).map { .netLength($0, batch.uint8(.dstPrefixLength)) } ?? .missing
            case .srcPort: batch.uint16(.srcPort).map(ColumnSource.u16) ?? .missing
            case .dstPort: batch.uint16(.dstPort).map(ColumnSource.u16) ?? .missing
            case .proto: batch.uint8(.proto).map(ColumnSource.u8) ?? .missing
            case .srcAS: batch.uint32(.srcAS).map(ColumnSource.u32) ?? .missing
            case .dstAS: batch.uint32(.dstAS).map(ColumnSource.u32) ?? .missing
            case .inIf: batch.uint32(.inputInterface).map(ColumnSource.u32) ?? .missing
            case .outIf: batch.uint32(.outputInterface).map(ColumnSource.u32) ?? .missing
            case .srcSite: siteSource(batch, .srcSite)
            case .dstSite: siteSource(batch, .dstSite)
            }
        }
    }

    private mutating func siteSource(_ batch: FlowColumnBatch, _ field: FlowField) -> ColumnSource {
        let own = batch.strings(field)
        let fallback = siteFallbackToExporter ? batch.strings(.exporterSite) : nil
        guard let column = own ?? fallback else { return .missing }
        let ids = column.table.map { intern($0) }
        if let own, let fallback {
            return .site(indices: own.indices, ids: ids, fallback: (fallback.indices, fallback.table.map { intern($0) }))
        }
        // Only the exporter's site is there (the block lacks the site column): every
        // record falls back to it.
        return .site(indices: column.indices, ids: ids, fallback: nil)
    }

    /// Packs records `range` of the block `sources` came from into `keys[0..<range.count]`:
    /// the same keys `pack(_:)` builds from records, one column at a time.
    func pack(_ sources: [ColumnSource], range: Range<Int>, into keys: UnsafeMutableBufferPointer<PackedKey>) {
        precondition(MemoryLayout<PackedKey>.stride == 8 * PackedKey.wordCount && keys.count >= range.count)
        let n = range.count
        let first = range.lowerBound
        keys.withMemoryRebound(to: UInt64.self) { words in
            let w = words.baseAddress!
            for i in 0..<(n * PackedKey.wordCount) { w[i] = 0 }
            for (p, source) in zip(parts, sources) {
                let word = p.word, shift = p.shift
                @inline(__always) func or(_ j: Int, _ v: UInt64) { w[j &* 8 &+ word] |= v << shift }
                switch source {
                case .missing:
                    continue
                case .address(let a):
                    for j in 0..<n {
                        let addr = a[first &+ j]
                        w[j &* 8 &+ word] = addr.high
                        w[j &* 8 &+ word &+ 1] = addr.low
                    }
                case .net(let a, let lengths):
                    for j in 0..<n {
                        let (m, _) = Self.masked(a[first &+ j], lengths?[first &+ j] ?? 0)
                        w[j &* 8 &+ word] = m.high
                        w[j &* 8 &+ word &+ 1] = m.low
                    }
                case .netLength(let a, let lengths):
                    for j in 0..<n { or(j, Self.masked(a[first &+ j], lengths?[first &+ j] ?? 0).1) }
                case .u8(let c):
                    for j in 0..<n { or(j, UInt64(c[first &+ j])) }
                case .u16(let c):
                    for j in 0..<n { or(j, UInt64(UInt16(littleEndian: c[first &+ j]))) }
                case .u32(let c):
                    for j in 0..<n { or(j, UInt64(UInt32(littleEndian: c[first &+ j]))) }
                case .site(let indices, let ids, let fallback):
                    ids.withUnsafeBufferPointer { ids in
                        if let (fi, fids) = fallback {
                            fids.withUnsafeBufferPointer { fids in
                                for j in 0..<n {
                                    let id = ids[Int(UInt16(littleEndian: indices[first &+ j]))]
                                    or(j, UInt64(id != 0 ? id : fids[Int(UInt16(littleEndian: fi[first &+ j]))]))
                                }
                            }
                        } else {
                            for j in 0..<n { or(j, UInt64(ids[Int(UInt16(littleEndian: indices[first &+ j]))])) }
                        }
                    }
                }
            }
        }
    }

    /// Learns the exporter names of a block (what `noteExporter` does per record): one
    /// pass over the name indices and addresses, looking up only where the pair changes.
    mutating func noteExporters(_ batch: FlowColumnBatch) {
        guard hasExporter, let names = batch.strings(.exporterName), let addresses = batch.addresses(.exporter) else { return }
        var lastIndex = -1
        var lastAddress = IPAddress.zero
        for i in 0..<names.count {
            let index = Int(UInt16(littleEndian: names.indices[i]))
            let address = addresses[i]
            if index == lastIndex && address == lastAddress { continue }
            lastIndex = index
            lastAddress = address
            let name = names.table[index]
            if !name.isEmpty { noteExporterName(name, for: address) }
        }
    }

    /// Rewrites a key packed by `other` (another worker's packer over the same keys) into
    /// this packer's site ids, and learns its exporter names: what merging two partial
    /// aggregations needs, since each interned site names in its own order.
    mutating func adopt(_ key: PackedKey, from other: KeyPacker) -> PackedKey {
        var k = key
        for p in parts where p.kind == .srcSite || p.kind == .dstSite {
            let mask: UInt64 = (1 << 32) - 1
            let theirs = Int((k[p.word] >> p.shift) & mask)
            let mine = UInt64(intern(other.siteNames[theirs]))
            k[p.word] = (k[p.word] & ~(mask << p.shift)) | (mine << p.shift)
        }
        return k
    }

    /// Takes the exporter names `other` saw that this packer has not.
    mutating func adoptExporterNames(from other: KeyPacker) {
        for (a, name) in other.exporterNames { noteExporterName(name, for: a) }
    }
}
