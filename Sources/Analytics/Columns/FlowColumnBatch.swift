import NetsightModel

/// The columns of one block as they are on disk, for scans that aggregate without building
/// `FlowRecord`s (top-N, sums): typed views straight into the reader's buffers.
///
/// Valid only inside the scan body that receives it: the buffers are reused for the next
/// block and freed when the scan returns. Plain integer views assume a little-endian host
/// (x86-64, arm64), since values are stored little-endian; `FlowStoreReader.scan` converts
/// explicitly and works anywhere.
public struct FlowColumnBatch {
    /// Records in this block.
    public let count: Int
    /// Earliest `startMillis` of the block.
    public let minStartMillis: UInt64
    /// Latest `endMillis` of the block.
    public let maxEndMillis: UInt64

    /// Column bytes by `FlowField.rawValue`; nil where not requested or absent in the block.
    let columns: [UnsafeRawBufferPointer?]
    /// String tables by `FlowField.rawValue`, for dictionary columns.
    let tables: [[String]?]

    /// Wraps a block's columns. The store's reader checks them first: every plain column
    /// holds `count` values of its field's width, every dictionary column `count` `UInt16`
    /// indices each below its table's size. Views built from unchecked bytes may read out
    /// of bounds.
    /// - Parameters:
    ///   - columns: by `FlowField.rawValue`, nil where absent.
    ///   - tables: by `FlowField.rawValue`, the string table of each dictionary column.
    public init(
        count: Int, minStartMillis: UInt64, maxEndMillis: UInt64, columns: [UnsafeRawBufferPointer?], tables: [[String]?]
    ) {
        self.count = count
        self.minStartMillis = minStartMillis
        self.maxEndMillis = maxEndMillis
        self.columns = columns
        self.tables = tables
    }

    /// True for the fields stored as indices into a per-block string table.
    public static func isDictionary(_ field: FlowField) -> Bool {
        switch field {
        case .exporterName, .exporterSite, .srcSite, .dstSite: true
        default: false
        }
    }

    /// Bytes per value of a plain column: the width of the `FlowRecord` property (2, the
    /// index width, for dictionary columns). The segment format takes its widths from here.
    public static func plainWidth(_ field: FlowField) -> Int {
        switch field {
        case .startMillis, .endMillis, .bytes, .packets, .rawBytes, .rawPackets: 8
        case .exporter, .srcAddress, .dstAddress, .nextHop: 16
        case .observationDomain, .inputInterface, .outputInterface, .samplingRate, .srcAS, .dstAS: 4
        case .srcPort, .dstPort, .vlan: 2
        case .srcPrefixLength, .dstPrefixLength, .proto, .tcpFlags, .tos, .direction, .source: 1
        case .exporterName, .exporterSite, .srcSite, .dstSite: 2
        }
    }

    /// True if the block has `field` and the scan asked for it.
    public func contains(_ field: FlowField) -> Bool { columns[Int(field.rawValue)] != nil }

    private func typed<T: FixedWidthInteger>(_ field: FlowField, _: T.Type) -> UnsafeBufferPointer<T>? {
        guard !Self.isDictionary(field), Self.plainWidth(field) == MemoryLayout<T>.size,
            let raw = columns[Int(field.rawValue)]
        else { return nil }
        return UnsafeBufferPointer(start: raw.baseAddress!.bindMemory(to: T.self, capacity: count), count: count)
    }

    /// `startMillis`, `endMillis`, `bytes`, `packets`, `rawBytes`, `rawPackets`.
    public func uint64(_ field: FlowField) -> UnsafeBufferPointer<UInt64>? { typed(field, UInt64.self) }
    /// `observationDomain`, interfaces, `samplingRate`, `srcAS`, `dstAS`.
    public func uint32(_ field: FlowField) -> UnsafeBufferPointer<UInt32>? { typed(field, UInt32.self) }
    /// Ports and `vlan`.
    public func uint16(_ field: FlowField) -> UnsafeBufferPointer<UInt16>? { typed(field, UInt16.self) }
    /// Prefix lengths, `proto`, `tcpFlags`, `tos`, and the raw values of `direction` and `source`.
    public func uint8(_ field: FlowField) -> UnsafeBufferPointer<UInt8>? { typed(field, UInt8.self) }

    /// `exporter`, `srcAddress`, `dstAddress`, `nextHop`.
    public func addresses(_ field: FlowField) -> FlowAddressColumn? {
        guard Self.plainWidth(field) == 16, let raw = columns[Int(field.rawValue)] else { return nil }
        return FlowAddressColumn(bytes: raw, count: count)
    }

    /// `exporterName`, `exporterSite`, `srcSite`, `dstSite`.
    public func strings(_ field: FlowField) -> FlowStringColumn? {
        guard Self.isDictionary(field), let raw = columns[Int(field.rawValue)],
            let table = tables[Int(field.rawValue)]
        else { return nil }
        let indices = UnsafeBufferPointer(start: raw.baseAddress!.bindMemory(to: UInt16.self, capacity: count), count: count)
        return FlowStringColumn(indices: indices, table: table)
    }
}

/// A column of 16-byte addresses in network order.
public struct FlowAddressColumn {
    /// `count` × 16 bytes.
    public let bytes: UnsafeRawBufferPointer
    public let count: Int

    @inlinable
    public subscript(i: Int) -> IPAddress {
        IPAddress(
            high: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: i &* 16, as: UInt64.self)),
            low: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: i &* 16 &+ 8, as: UInt64.self)))
    }
}

/// A dictionary-encoded string column: one index per record into the block's table.
public struct FlowStringColumn {
    /// Little-endian `UInt16` indices (host order on little-endian machines), each < `table.count`.
    public let indices: UnsafeBufferPointer<UInt16>
    public let table: [String]

    public var count: Int { indices.count }

    @inlinable
    public subscript(i: Int) -> String { table[Int(UInt16(littleEndian: indices[i]))] }
}
