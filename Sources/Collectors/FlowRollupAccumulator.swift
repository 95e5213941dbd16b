import NetsightModel
import Storage

/// Per-minute rollups of the flows written, summed in memory until the writer adds them to
/// SQLite (once a second).
///
/// A rollup key holds three strings (exporter name, source and destination site); hashing
/// them for every record cost the writer more than encoding the record. Here each distinct
/// triple gets a small number once, consecutive records with the same strings (a burst
/// from one exporter) reuse the last number after an equality check that is one compare
/// for strings sharing storage, and the key is four machine words.
///
/// The words are summed in an open-addressing table with a seeded multiply-xorshift hash
/// rather than a `Dictionary`, whose SipHash over those words still cost a third of the
/// writer's time. The seed is random per accumulator: records come from the network, and
/// an unseeded hash would let a forged stream of colliding keys make every lookup walk
/// the whole table.
struct FlowRollupAccumulator {
    private struct Labels: Hashable {
        var exporterName: String
        var srcSite: String
        var dstSite: String
    }

    /// The fixed-width key fields packed into four words, so a lookup hashes four integers.
    private struct Key: Equatable {
        var minuteMillis: UInt64
        /// labels << 32 | inputInterface
        var labelsAndInput: UInt64
        /// outputInterface << 32 | srcAS
        var outputAndSrcAS: UInt64
        /// dstAS << 8 | proto
        var dstASAndProto: UInt64

        init(
            minuteMillis: UInt64, labels: UInt32, inputInterface: UInt32, outputInterface: UInt32, srcAS: UInt32,
            dstAS: UInt32, proto: UInt8
        ) {
            self.minuteMillis = minuteMillis
            labelsAndInput = UInt64(labels) << 32 | UInt64(inputInterface)
            outputAndSrcAS = UInt64(outputInterface) << 32 | UInt64(srcAS)
            dstASAndProto = UInt64(dstAS) << 8 | UInt64(proto)
        }

        var labels: UInt32 { UInt32(truncatingIfNeeded: labelsAndInput >> 32) }
        var inputInterface: UInt32 { UInt32(truncatingIfNeeded: labelsAndInput) }
        var outputInterface: UInt32 { UInt32(truncatingIfNeeded: outputAndSrcAS >> 32) }
        var srcAS: UInt32 { UInt32(truncatingIfNeeded: outputAndSrcAS) }
        var dstAS: UInt32 { UInt32(truncatingIfNeeded: dstASAndProto >> 8) }
        var proto: UInt8 { UInt8(truncatingIfNeeded: dstASAndProto) }
    }

    private struct Sums {
        var bytes: UInt64 = 0
        var packets: UInt64 = 0
        var flows: UInt64 = 0

        mutating func add(bytes b: UInt64, packets p: UInt64) {
            bytes &+= b
            packets &+= p
            flows &+= 1
        }
    }

    private var labelIDs: [Labels: UInt32] = [:]
    private var labels: [Labels] = []
    /// Each row's key and sums, in insertion order.
    private var keys: [Key] = []
    private var sums: [Sums] = []
    /// Open addressing with linear probing: an index into `keys`/`sums`, or -1 for empty.
    /// Kept at most half full, so probes stay short.
    private var slots = [Int32](repeating: -1, count: 1024)
    private let seed = UInt64.random(in: .min ... .max)

    /// True when nothing was added since the last `removeAll`.
    var isEmpty: Bool { keys.isEmpty }

    /// Adds each record's bytes, packets and one flow to its minute's row.
    mutating func add(_ records: [FlowRecord]) {
        guard !records.isEmpty else { return }
        records.withUnsafeBufferPointer { buffer in
            var lastLabels = Labels(exporterName: buffer[0].exporterName, srcSite: buffer[0].srcSite, dstSite: buffer[0].dstSite)
            var lastID = id(of: lastLabels)
            // Fields are read in place: binding each record would copy (retain) its strings.
            for i in buffer.indices {
                if buffer[i].exporterName != lastLabels.exporterName || buffer[i].srcSite != lastLabels.srcSite
                    || buffer[i].dstSite != lastLabels.dstSite
                {
                    lastLabels = Labels(exporterName: buffer[i].exporterName, srcSite: buffer[i].srcSite, dstSite: buffer[i].dstSite)
                    lastID = id(of: lastLabels)
                }
                let key = Key(
                    minuteMillis: buffer[i].endMillis / 60_000 * 60_000, labels: lastID,
                    inputInterface: buffer[i].inputInterface, outputInterface: buffer[i].outputInterface,
                    srcAS: buffer[i].srcAS, dstAS: buffer[i].dstAS, proto: buffer[i].proto)
                let r = row(for: key)
                sums[r].add(bytes: buffer[i].bytes, packets: buffer[i].packets)
            }
        }
    }

    /// The rows summed so far, in no particular order.
    var rows: [FlowRollupRow] {
        zip(keys, sums).map { key, s in
            let l = labels[Int(key.labels)]
            return FlowRollupRow(
                minuteMillis: key.minuteMillis, exporterName: l.exporterName, inputInterface: key.inputInterface,
                outputInterface: key.outputInterface, proto: key.proto, srcAS: key.srcAS, dstAS: key.dstAS,
                srcSite: l.srcSite, dstSite: l.dstSite, bytes: s.bytes, packets: s.packets, flows: s.flows)
        }
    }

    /// Forgets every row (after they were stored).
    mutating func removeAll() {
        let used = keys.count
        keys.removeAll(keepingCapacity: true)
        sums.removeAll(keepingCapacity: true)
        if slots.count > 1024, slots.count > 8 * used {
            // A past burst of keys grew the table: start small again rather than clear
            // (and keep) a table far larger than what arrives now.
            slots = [Int32](repeating: -1, count: 1024)
        } else {
            for i in slots.indices { slots[i] = -1 }
        }
        labelIDs.removeAll()
        labels.removeAll()
    }

    /// The index of `key`'s row, added with zero sums when new.
    @inline(__always)
    private mutating func row(for key: Key) -> Int {
        let mask = slots.count - 1
        var i = hash(key) & mask
        while true {
            let slot = Int(slots[i])
            if slot < 0 { break }
            if keys[slot] == key { return slot }
            i = (i + 1) & mask
        }
        let row = keys.count
        keys.append(key)
        sums.append(Sums())
        slots[i] = Int32(row)
        if 2 * keys.count > slots.count { grow() }
        return row
    }

    private func hash(_ k: Key) -> Int {
        var h = (seed ^ k.minuteMillis) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ (h >> 32) ^ k.labelsAndInput) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 29) ^ k.outputAndSrcAS) &* 0x94D0_49BB_1331_11EB
        h = (h ^ (h >> 32) ^ k.dstASAndProto) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: h ^ (h >> 31))
    }

    /// Doubles the table and re-inserts every row.
    private mutating func grow() {
        slots = [Int32](repeating: -1, count: 2 * slots.count)
        let mask = slots.count - 1
        for (row, key) in keys.enumerated() {
            var i = hash(key) & mask
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = Int32(row)
        }
    }

    private mutating func id(of l: Labels) -> UInt32 {
        if let id = labelIDs[l] { return id }
        let id = UInt32(labels.count)
        labels.append(l)
        labelIDs[l] = id
        return id
    }
}
