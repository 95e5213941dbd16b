import NetsightModel

/// Encodes up to `FlowSegmentFormat.maxRecordsPerBlock` records into one block, in a buffer
/// reused from block to block so that the write path allocates nothing per record (and,
/// once warm, nothing per block).
///
/// Not thread-safe: one encoder belongs to one writer.
final class FlowBlockEncoder {
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    /// Dictionary indices of the four string columns, `maxRecordsPerBlock` each.
    private let indexScratch: UnsafeMutablePointer<UInt16>
    private var dictionaries = [StringDictionary](repeating: StringDictionary(), count: 4)

    /// The string columns, in on-disk order (after every plain column).
    static let stringFields: [FlowField] = [.exporterName, .exporterSite, .srcSite, .dstSite]
    static let plainFields: [FlowField] = FlowField.allCases.filter { FlowSegmentFormat.encoding($0) == .plain }
    static let directoryEnd = FlowSegmentFormat.blockHeaderSize + FlowField.allCases.count * FlowSegmentFormat.directoryEntrySize

    init() {
        capacity = 1 << 20
        buffer = .allocate(byteCount: capacity, alignment: 16)
        indexScratch = .allocate(capacity: 4 * FlowSegmentFormat.maxRecordsPerBlock)
    }

    deinit {
        buffer.deallocate()
        indexScratch.deallocate()
    }

    /// Makes room for `needed` bytes, keeping the first `keep`.
    private func reserve(_ needed: Int, keeping keep: Int) {
        guard needed > capacity else { return }
        var c = capacity
        while c < needed { c *= 2 }
        let b = UnsafeMutableRawPointer.allocate(byteCount: c, alignment: 16)
        if keep > 0 { b.copyMemory(from: buffer, byteCount: keep) }
        buffer.deallocate()
        buffer = b
        capacity = c
    }

    /// Encodes `records` (1 ... `maxRecordsPerBlock` of them) as one block whose CRCs use
    /// `checksum` (the one of the file's format version).
    /// - Returns: the block's bytes, valid until the next call.
    func encode(_ records: UnsafeBufferPointer<FlowRecord>, checksum: CRC32 = .castagnoli) -> UnsafeRawBufferPointer {
        let n = records.count
        precondition(n > 0 && n <= FlowSegmentFormat.maxRecordsPerBlock)
        let dirEnd = Self.directoryEnd
        reserve(dirEnd + n * (FlowSegmentFormat.plainBytesPerRecord + 8) + 4096, keeping: 0)

        // Column start pointers, in FlowField order.
        var offsets = [Int](repeating: 0, count: FlowField.allCases.count)
        var next = dirEnd
        for f in Self.plainFields {
            offsets[Int(f.rawValue)] = next
            next += n * FlowSegmentFormat.valueWidth(f)
        }
        let plainEnd = next
        let b = buffer
        func col(_ f: FlowField) -> UnsafeMutableRawPointer { b + offsets[Int(f.rawValue)] }
        let pStart = col(.startMillis), pEnd = col(.endMillis), pExporter = col(.exporter)
        let pDomain = col(.observationDomain), pIn = col(.inputInterface), pOut = col(.outputInterface)
        let pSrc = col(.srcAddress), pDst = col(.dstAddress)
        let pSrcLen = col(.srcPrefixLength), pDstLen = col(.dstPrefixLength)
        let pSrcPort = col(.srcPort), pDstPort = col(.dstPort)
        let pProto = col(.proto), pFlags = col(.tcpFlags), pTos = col(.tos)
        let pBytes = col(.bytes), pPackets = col(.packets), pRawBytes = col(.rawBytes), pRawPackets = col(.rawPackets)
        let pRate = col(.samplingRate), pSrcAS = col(.srcAS), pDstAS = col(.dstAS), pNextHop = col(.nextHop)
        let pDirection = col(.direction), pVlan = col(.vlan), pSource = col(.source)
        let idx = indexScratch
        let m = FlowSegmentFormat.maxRecordsPerBlock

        // Moved out (not copied) so their storage stays uniquely referenced and is reused.
        var d0 = StringDictionary(), d1 = StringDictionary(), d2 = StringDictionary(), d3 = StringDictionary()
        swap(&d0, &dictionaries[0]); swap(&d1, &dictionaries[1]); swap(&d2, &dictionaries[2]); swap(&d3, &dictionaries[3])
        d0.reset(); d1.reset(); d2.reset(); d3.reset()
        var minStart = UInt64.max
        var maxEnd: UInt64 = 0
        for i in 0..<n {
            let s = records[i].startMillis, e = records[i].endMillis
            minStart = min(minStart, s)
            maxEnd = max(maxEnd, e)
            put64(pStart, i, s)
            put64(pEnd, i, e)
            putAddress(pExporter, i, records[i].exporter)
            put32(pDomain, i, records[i].observationDomain)
            put32(pIn, i, records[i].inputInterface)
            put32(pOut, i, records[i].outputInterface)
            putAddress(pSrc, i, records[i].srcAddress)
            putAddress(pDst, i, records[i].dstAddress)
            pSrcLen.storeBytes(of: records[i].srcPrefixLength, toByteOffset: i, as: UInt8.self)
            pDstLen.storeBytes(of: records[i].dstPrefixLength, toByteOffset: i, as: UInt8.self)
            put16(pSrcPort, i, records[i].srcPort)
            put16(pDstPort, i, records[i].dstPort)
            pProto.storeBytes(of: records[i].proto, toByteOffset: i, as: UInt8.self)
            pFlags.storeBytes(of: records[i].tcpFlags, toByteOffset: i, as: UInt8.self)
            pTos.storeBytes(of: records[i].tos, toByteOffset: i, as: UInt8.self)
            put64(pBytes, i, records[i].bytes)
            put64(pPackets, i, records[i].packets)
            put64(pRawBytes, i, records[i].rawBytes)
            put64(pRawPackets, i, records[i].rawPackets)
            put32(pRate, i, records[i].samplingRate)
            put32(pSrcAS, i, records[i].srcAS)
            put32(pDstAS, i, records[i].dstAS)
            putAddress(pNextHop, i, records[i].nextHop)
            pDirection.storeBytes(of: records[i].direction.rawValue, toByteOffset: i, as: UInt8.self)
            put16(pVlan, i, records[i].vlan)
            pSource.storeBytes(of: records[i].source.rawValue, toByteOffset: i, as: UInt8.self)
            idx[i] = d0.index(of: records[i].exporterName)
            idx[m + i] = d1.index(of: records[i].exporterSite)
            idx[2 * m + i] = d2.index(of: records[i].srcSite)
            idx[3 * m + i] = d3.index(of: records[i].dstSite)
        }
        swap(&d0, &dictionaries[0]); swap(&d1, &dictionaries[1]); swap(&d2, &dictionaries[2]); swap(&d3, &dictionaries[3])

        // String columns: indices then the table, each after the previous column.
        var total = plainEnd
        for d in dictionaries { total += n * 2 + d.tableByteCount }
        reserve(total, keeping: plainEnd)
        var at = plainEnd
        for (k, f) in Self.stringFields.enumerated() {
            offsets[Int(f.rawValue)] = at
            let p = buffer + at
            for i in 0..<n { put16(p, i, idx[k * m + i]) }
            at += n * 2
            at += dictionaries[k].writeTable(to: buffer + at)
        }
        let blockLength = at

        // Directory with per-column CRCs, then the fixed header and its CRC.
        let base = buffer
        for (c, f) in FlowField.allCases.enumerated() {
            let o = FlowSegmentFormat.blockHeaderSize + c * FlowSegmentFormat.directoryEntrySize
            let start = offsets[Int(f.rawValue)]
            let end = c + 1 < FlowField.allCases.count ? offsets[Int(FlowField.allCases[c + 1].rawValue)] : blockLength
            let length = end - start
            base.storeBytes(of: f.rawValue, toByteOffset: o, as: UInt8.self)
            base.storeBytes(of: FlowSegmentFormat.encoding(f).rawValue, toByteOffset: o + 1, as: UInt8.self)
            base.storeBytes(of: UInt16(FlowSegmentFormat.valueWidth(f)).littleEndian, toByteOffset: o + 2, as: UInt16.self)
            base.storeBytes(of: UInt32(start).littleEndian, toByteOffset: o + 4, as: UInt32.self)
            base.storeBytes(of: UInt32(length).littleEndian, toByteOffset: o + 8, as: UInt32.self)
            let crc = checksum.checksum(UnsafeRawBufferPointer(start: base + start, count: length))
            base.storeBytes(of: crc.littleEndian, toByteOffset: o + 12, as: UInt32.self)
        }
        base.storeBytes(of: FlowSegmentFormat.blockMagic.littleEndian, toByteOffset: 0, as: UInt32.self)
        base.storeBytes(of: UInt32(blockLength).littleEndian, toByteOffset: 4, as: UInt32.self)
        base.storeBytes(of: UInt32(n).littleEndian, toByteOffset: 8, as: UInt32.self)
        base.storeBytes(of: UInt16(FlowField.allCases.count).littleEndian, toByteOffset: 12, as: UInt16.self)
        base.storeBytes(of: UInt16(0), toByteOffset: 14, as: UInt16.self)
        base.storeBytes(of: minStart.littleEndian, toByteOffset: 16, as: UInt64.self)
        base.storeBytes(of: maxEnd.littleEndian, toByteOffset: 24, as: UInt64.self)
        var crc = checksum.checksum(UnsafeRawBufferPointer(start: base, count: 32))
        crc = checksum.update(crc, UnsafeRawBufferPointer(start: base + FlowSegmentFormat.blockHeaderSize, count: dirEnd - FlowSegmentFormat.blockHeaderSize))
        base.storeBytes(of: crc.littleEndian, toByteOffset: 32, as: UInt32.self)
        base.storeBytes(of: UInt32(0), toByteOffset: 36, as: UInt32.self)
        return UnsafeRawBufferPointer(start: base, count: blockLength)
    }
}

@inline(__always)
private func put64(_ p: UnsafeMutableRawPointer, _ i: Int, _ v: UInt64) {
    p.storeBytes(of: v.littleEndian, toByteOffset: i &* 8, as: UInt64.self)
}

@inline(__always)
private func put32(_ p: UnsafeMutableRawPointer, _ i: Int, _ v: UInt32) {
    p.storeBytes(of: v.littleEndian, toByteOffset: i &* 4, as: UInt32.self)
}

@inline(__always)
private func put16(_ p: UnsafeMutableRawPointer, _ i: Int, _ v: UInt16) {
    p.storeBytes(of: v.littleEndian, toByteOffset: i &* 2, as: UInt16.self)
}

/// Addresses are their 16 bytes in network order: `high` then `low`, each big-endian.
@inline(__always)
private func putAddress(_ p: UnsafeMutableRawPointer, _ i: Int, _ a: IPAddress) {
    p.storeBytes(of: a.high.bigEndian, toByteOffset: i &* 16, as: UInt64.self)
    p.storeBytes(of: a.low.bigEndian, toByteOffset: i &* 16 &+ 8, as: UInt64.self)
}

/// The per-block string table of one dictionary column.
struct StringDictionary {
    private var indices: [String: UInt16] = [:]
    private var strings: [String] = []
    /// Consecutive records mostly repeat the same exporter and site, so comparing with the
    /// previous value first skips most hash lookups.
    private var last = ""
    private var lastIndex: UInt16 = 0
    private(set) var tableByteCount = 4

    mutating func reset() {
        indices.removeAll(keepingCapacity: true)
        strings.removeAll(keepingCapacity: true)
        // The empty string is always index 0, so an all-default column is one entry.
        indices[""] = 0
        strings.append("")
        tableByteCount = 8
        last = ""
        lastIndex = 0
    }

    @inline(__always)
    mutating func index(of s: String) -> UInt16 {
        if s == last { return lastIndex }
        let i: UInt16
        if let found = indices[s] {
            i = found
        } else {
            i = UInt16(truncatingIfNeeded: strings.count)
            indices[s] = i
            strings.append(s)
            tableByteCount += 4 + s.utf8.count
        }
        last = s
        lastIndex = i
        return i
    }

    /// Writes `UInt32 count`, then each string as `UInt32 length` + UTF-8 bytes.
    /// - Returns: bytes written (`tableByteCount`).
    func writeTable(to p: UnsafeMutableRawPointer) -> Int {
        p.storeBytes(of: UInt32(strings.count).littleEndian, as: UInt32.self)
        var at = 4
        for s in strings {
            let count = s.utf8.count
            p.storeBytes(of: UInt32(count).littleEndian, toByteOffset: at, as: UInt32.self)
            at += 4
            var copy = s
            copy.withUTF8 { u in
                if count > 0 { (p + at).copyMemory(from: u.baseAddress!, byteCount: count) }
            }
            at += count
        }
        return at
    }
}
