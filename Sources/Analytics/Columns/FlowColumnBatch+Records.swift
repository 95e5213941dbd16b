import NetsightModel

extension FlowColumnBatch {
    /// Makes `records` this block's records with only `fields` set (every other field at
    /// its `FlowRecord()` default), reusing the array's storage from block to block.
    public func records(_ fields: FlowFieldSet, into records: inout [FlowRecord]) {
        if records.count > count {
            records.removeLast(records.count - count)
        } else if records.count < count {
            records.append(contentsOf: repeatElement(FlowRecord(), count: count - records.count))
        }
        records.withUnsafeMutableBufferPointer { out in
            for f in fields.fields { decode(f, into: out) }
        }
    }

    /// Writes column `field` into `out[0..<count]`; a column the block lacks (written by an
    /// older version) becomes the field's default, so reused records never keep stale values.
    public func decode(_ field: FlowField, into out: UnsafeMutableBufferPointer<FlowRecord>) {
        let n = count
        guard let raw = columns[Int(field.rawValue)] else {
            let d = FlowRecord()
            switch field {
            case .startMillis: for i in 0..<n { out[i].startMillis = d.startMillis }
            case .endMillis: for i in 0..<n { out[i].endMillis = d.endMillis }
            case .exporter: for i in 0..<n { out[i].exporter = d.exporter }
            case .observationDomain: for i in 0..<n { out[i].observationDomain = d.observationDomain }
            case .inputInterface: for i in 0..<n { out[i].inputInterface = d.inputInterface }
            case .outputInterface: for i in 0..<n { out[i].outputInterface = d.outputInterface }
            case .srcAddress: for i in 0..<n { out[i].srcAddress = d.srcAddress }
            case .dstAddress: for i in 0..<n { out[i].dstAddress = d.dstAddress }
            case .srcPrefixLength: for i in 0..<n { out[i].srcPrefixLength = d.srcPrefixLength }
            case .dstPrefixLength: for i in 0..<n { out[i].dstPrefixLength = d.dstPrefixLength }
            case .srcPort: for i in 0..<n { out[i].srcPort = d.srcPort }
            case .dstPort: for i in 0..<n { out[i].dstPort = d.dstPort }
            case .proto: for i in 0..<n { out[i].proto = d.proto }
            case .tcpFlags: for i in 0..<n { out[i].tcpFlags = d.tcpFlags }
            case .tos: for i in 0..<n { out[i].tos = d.tos }
            case .bytes: for i in 0..<n { out[i].bytes = d.bytes }
            case .packets: for i in 0..<n { out[i].packets = d.packets }
            case .rawBytes: for i in 0..<n { out[i].rawBytes = d.rawBytes }
            case .rawPackets: for i in 0..<n { out[i].rawPackets = d.rawPackets }
            case .samplingRate: for i in 0..<n { out[i].samplingRate = d.samplingRate }
            case .srcAS: for i in 0..<n { out[i].srcAS = d.srcAS }
            case .dstAS: for i in 0..<n { out[i].dstAS = d.dstAS }
            case .nextHop: for i in 0..<n { out[i].nextHop = d.nextHop }
            case .direction: for i in 0..<n { out[i].direction = d.direction }
            case .vlan: for i in 0..<n { out[i].vlan = d.vlan }
            case .source: for i in 0..<n { out[i].source = d.source }
            case .exporterName: for i in 0..<n { out[i].exporterName = d.exporterName }
            case .exporterSite: for i in 0..<n { out[i].exporterSite = d.exporterSite }
            case .srcSite: for i in 0..<n { out[i].srcSite = d.srcSite }
            case .dstSite: for i in 0..<n { out[i].dstSite = d.dstSite }
            }
            return
        }
        func u64(_ i: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self)) }
        func u32(_ i: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self)) }
        func u16(_ i: Int) -> UInt16 { UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self)) }
        func u8(_ i: Int) -> UInt8 { raw[i] }
        func address(_ i: Int) -> IPAddress {
            IPAddress(
                high: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: i &* 16, as: UInt64.self)),
                low: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: i &* 16 &+ 8, as: UInt64.self)))
        }
        func string(_ i: Int, _ table: [String]) -> String { table[Int(u16(i))] }
        let table = tables[Int(field.rawValue)] ?? [""]
        switch field {
        case .startMillis: for i in 0..<n { out[i].startMillis = u64(i) }
        case .endMillis: for i in 0..<n { out[i].endMillis = u64(i) }
        case .exporter: for i in 0..<n { out[i].exporter = address(i) }
        case .observationDomain: for i in 0..<n { out[i].observationDomain = u32(i) }
        case .inputInterface: for i in 0..<n { out[i].inputInterface = u32(i) }
        case .outputInterface: for i in 0..<n { out[i].outputInterface = u32(i) }
        case .srcAddress: for i in 0..<n { out[i].srcAddress = address(i) }
        case .dstAddress: for i in 0..<n { out[i].dstAddress = address(i) }
        case .srcPrefixLength: for i in 0..<n { out[i].srcPrefixLength = u8(i) }
        case .dstPrefixLength: for i in 0..<n { out[i].dstPrefixLength = u8(i) }
        case .srcPort: for i in 0..<n { out[i].srcPort = u16(i) }
        case .dstPort: for i in 0..<n { out[i].dstPort = u16(i) }
        case .proto: for i in 0..<n { out[i].proto = u8(i) }
        case .tcpFlags: for i in 0..<n { out[i].tcpFlags = u8(i) }
        case .tos: for i in 0..<n { out[i].tos = u8(i) }
        case .bytes: for i in 0..<n { out[i].bytes = u64(i) }
        case .packets: for i in 0..<n { out[i].packets = u64(i) }
        case .rawBytes: for i in 0..<n { out[i].rawBytes = u64(i) }
        case .rawPackets: for i in 0..<n { out[i].rawPackets = u64(i) }
        case .samplingRate: for i in 0..<n { out[i].samplingRate = u32(i) }
        case .srcAS: for i in 0..<n { out[i].srcAS = u32(i) }
        case .dstAS: for i in 0..<n { out[i].dstAS = u32(i) }
        case .nextHop: for i in 0..<n { out[i].nextHop = address(i) }
        // Unknown raw values (written by a newer version) fall back to the defaults.
        case .direction: for i in 0..<n { out[i].direction = FlowDirection(rawValue: u8(i)) ?? .unknown }
        case .vlan: for i in 0..<n { out[i].vlan = u16(i) }
        case .source: for i in 0..<n { out[i].source = FlowSource(rawValue: u8(i)) ?? .netflowV5 }
        case .exporterName: for i in 0..<n { out[i].exporterName = string(i, table) }
        case .exporterSite: for i in 0..<n { out[i].exporterSite = string(i, table) }
        case .srcSite: for i in 0..<n { out[i].srcSite = string(i, table) }
        case .dstSite: for i in 0..<n { out[i].dstSite = string(i, table) }
        }
    }
}
