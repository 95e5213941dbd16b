import NetsightModel

extension FlowGrouping {
    /// Records per chunk of the columnar path: 512 keys (32 KB) stay in L1/L2 between
    /// packing them column by column and looking them up.
    static let chunk = 512

    /// Adds every record of a block that is in the window and passes the filter, reading
    /// the block's columns directly. Without a filter no `FlowRecord` is built: keys are
    /// packed column by column and counters read from the count columns, which is what
    /// makes a top-N over ten million flows fast. With a filter, the `fields` columns are
    /// decoded into records and take the record path (the filter is written over records).
    /// - Parameters:
    ///   - fields: the columns the scan was asked for (the query's `fields`).
    ///   - scratch: reused between calls so blocks do not allocate.
    mutating func addColumns(_ batch: FlowColumnBatch, fields: FlowFieldSet, scratch: inout FlowGroupingScratch) {
        let n = batch.count
        guard n > 0 else { return }
        if filter != nil {
            scratch.records(of: batch, fields) { out in
                for i in 0..<n where admits(out[i]) { add(out[i]) }
            }
            return
        }
        let start = batch.uint64(.startMillis), end = batch.uint64(.endMillis)
        let bytes = batch.uint64(.bytes), packets = batch.uint64(.packets)
        let sources = packer.columnSources(batch)
        packer.noteExporters(batch)
        let checkWindow = !window.isUnbounded
        scratch.keys { keys in
            var first = 0
            while first < n {
                let m = min(Self.chunk, n - first)
                packer.pack(sources, range: first..<(first + m), into: keys)
                for j in 0..<m {
                    let i = first &+ j
                    let s = start.map { UInt64(littleEndian: $0[i]) } ?? 0
                    let e = end.map { UInt64(littleEndian: $0[i]) } ?? 0
                    if checkWindow && !window.admits(startMillis: s, endMillis: e) { continue }
                    let b = bytes.map { UInt64(littleEndian: $0[i]) } ?? 0
                    let p = packets.map { UInt64(littleEndian: $0[i]) } ?? 0
                    let (g, inserted) = table.index(of: keys[j])
                    if inserted { counters.append(FlowCounters()) }
                    counters[g].add(bytes: b, packets: p, start: s, end: e)
                    totals.add(bytes: b, packets: p, start: s, end: e)
                }
                first += m
            }
        }
    }

    /// Folds another grouping of the same query (built by another worker over other
    /// blocks) into this one. Counters add up exactly as if one grouping had seen every
    /// record, in any order.
    mutating func merge(_ other: FlowGrouping) {
        packer.adoptExporterNames(from: other.packer)
        for g in 0..<other.counters.count {
            let key = packer.adopt(other.table.keys[g], from: other.packer)
            let (e, inserted) = table.index(of: key)
            if inserted { counters.append(other.counters[g]) } else { counters[e].merge(other.counters[g]) }
        }
        totals.merge(other.totals)
    }
}

/// Buffers the columnar path reuses from block to block.
struct FlowGroupingScratch {
    private var keyBuffer = [PackedKey](repeating: PackedKey(), count: FlowGrouping.chunk)
    private var recordBuffer: [FlowRecord] = []

    mutating func keys(_ body: (UnsafeMutableBufferPointer<PackedKey>) -> Void) {
        keyBuffer.withUnsafeMutableBufferPointer { body($0) }
    }

    /// The block's records with `fields` set, for the record path.
    mutating func records(of batch: FlowColumnBatch, _ fields: FlowFieldSet, _ body: (UnsafeBufferPointer<FlowRecord>) -> Void) {
        batch.records(fields, into: &recordBuffer)
        recordBuffer.withUnsafeBufferPointer { body($0) }
    }
}
