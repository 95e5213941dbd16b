import NetsightModel

/// The shared core of top-N, series and matrix: window and filter test, key packing, and
/// per-group counters. Kept separate so the three aggregators cannot drift apart in what
/// "a record counts" means.
struct FlowGrouping: Sendable {
    var packer: KeyPacker
    var table: FlowKeyTable
    var counters: [FlowCounters] = []
    /// Over every record that passed window and filter.
    var totals = FlowCounters()
    let window: FlowTimeWindow
    let filter: FlowFilter?

    init(packer: KeyPacker, window: FlowTimeWindow, filter: FlowFilter?) {
        self.packer = packer
        self.table = FlowKeyTable(words: packer.wordCount)
        self.window = window
        self.filter = (filter?.matchesEverything ?? true) ? nil : filter
    }

    /// True when the record is in the window and passes the filter.
    @inline(__always)
    func admits(_ r: FlowRecord) -> Bool {
        if !window.isUnbounded && !window.admits(startMillis: r.startMillis, endMillis: r.endMillis) { return false }
        if let f = filter, !f.matches(r) { return false }
        return true
    }

    /// Adds every record of a batch that is in the window and passes the filter: the one
    /// loop top-N and matrix aggregation share.
    mutating func addAll(_ records: [FlowRecord]) {
        records.withUnsafeBufferPointer { buf in
            for i in buf.indices where admits(buf[i]) {
                add(buf[i])
            }
        }
    }

    /// Adds one record, standing for `flows` flows, if it is in the window and passes the filter.
    mutating func addIfAdmitted(_ record: FlowRecord, flows: UInt64 = 1) {
        if admits(record) { add(record, flows: flows) }
    }

    /// Adds an admitted record to its group (and the totals); returns the group's index.
    @inline(__always)
    @discardableResult
    mutating func add(_ r: FlowRecord, flows: UInt64 = 1) -> Int {
        let key = packer.pack(r)
        let (e, inserted) = table.index(of: key)
        if inserted { counters.append(FlowCounters()) }
        packer.noteExporter(r)
        counters[e].add(bytes: r.bytes, packets: r.packets, start: r.startMillis, end: r.endMillis, flows: flows)
        totals.add(bytes: r.bytes, packets: r.packets, start: r.startMillis, end: r.endMillis, flows: flows)
        return e
    }

    /// True when group `a` ranks above group `b` for `metric` given each group's metric
    /// `value`: by the value, descending; then the other two counters (in bytes, packets,
    /// flows order), descending; then the key ascending, so equal inputs always give
    /// the same order whatever order the records came in.
    func ranks(_ a: Int, before b: Int, metric: FlowMetric, value: (Int) -> UInt64) -> Bool {
        let va = value(a), vb = value(b)
        if va != vb { return va > vb }
        let ca = counters[a], cb = counters[b]
        for m in FlowMetric.allCases where m != metric {
            let x = ca.value(m), y = cb.value(m)
            if x != y { return x > y }
        }
        return packer.precedes(table.keys[a], table.keys[b])
    }

    /// The indices of the best `limit` groups (all when `limit` is 0), best first.
    ///
    /// A bounded heap keeps this O(groups · log limit): top 10 of a million source
    /// addresses must not sort a million rows.
    func top(_ limit: Int, metric: FlowMetric, value: (Int) -> UInt64) -> [Int] {
        let n = counters.count
        func before(_ a: Int, _ b: Int) -> Bool { ranks(a, before: b, metric: metric, value: value) }
        if limit == 0 || n <= limit {
            return (0..<n).sorted(by: before)
        }
        // Heap whose root is the worst of the kept groups.
        var heap: [Int] = []
        heap.reserveCapacity(limit)
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1, r = l + 1
                var worst = i
                if l < heap.count && before(heap[worst], heap[l]) { worst = l }
                if r < heap.count && before(heap[worst], heap[r]) { worst = r }
                if worst == i { return }
                heap.swapAt(i, worst)
                i = worst
            }
        }
        for g in 0..<n {
            if heap.count < limit {
                heap.append(g)
                var i = heap.count - 1
                while i > 0 {
                    let parent = (i - 1) / 2
                    if before(heap[parent], heap[i]) { heap.swapAt(parent, i); i = parent } else { break }
                }
            } else if before(g, heap[0]) {
                heap[0] = g
                siftDown(0)
            }
        }
        return heap.sorted(by: before)
    }
}
