import Analytics
import NetsightModel
import Testing

@testable import Storage

@Suite struct FlowStoreRoundTripTests {
    @Test func everyFieldRoundTrips() throws {
        let dir = try TemporaryDirectory()
        let root = dir.path + "/flows"
        let records = (0..<1000).map { sampleRecord($0) }
        let writer = try FlowStoreWriter(directory: root, writerID: "w1")
        try writer.append(Array(records[0..<400]), receivedAtMillis: baseMinute + 1_000)
        try writer.append(Array(records[400...]), receivedAtMillis: baseMinute + 2_000)
        try writer.close()

        let (read, stats) = try readAll(root)
        #expect(read == records)
        #expect(stats.blocksRead == 2)
        #expect(stats.records == 1000)
        #expect(stats.stoppedAtBadBlock == 0)
        // Spot checks that do not rely on Equatable alone.
        #expect(read[0].srcAddress.description == "192.168.0.0")
        #expect(read[1].srcAddress.isIPv4 == false)
        #expect(read[1].exporterName == "core-router-zürich")
        #expect(read[1].exporterSite == "東京")
        #expect(read[3].dstAS == UInt32.max - 3)
        #expect(read[5].bytes == (40 + 5 * 13) * 1000)
    }

    @Test func largeAppendIsSplitIntoBlocks() throws {
        let dir = try TemporaryDirectory()
        let writer = try FlowStoreWriter(directory: dir.path)
        let n = FlowSegmentFormat.maxRecordsPerBlock + 10
        let records = (0..<n).map { sampleRecord($0 % 97) }
        try writer.append(records, receivedAtMillis: baseMinute)
        try writer.close()
        let (read, stats) = try readAll(dir.path)
        #expect(stats.blocksRead == 2)
        #expect(read == records)
    }

    @Test(arguments: [
        [FlowField.srcAddress, .bytes],
        [.exporterName, .dstPort],
        [.startMillis, .endMillis, .dstSite, .direction, .source],
    ])
    func subsetLeavesOtherFieldsDefault(_ fields: [FlowField]) throws {
        let dir = try TemporaryDirectory()
        let records = (0..<300).map { sampleRecord($0) }
        let writer = try FlowStoreWriter(directory: dir.path)
        try writer.append(records, receivedAtMillis: baseMinute)
        try writer.close()

        let set = FlowFieldSet(fields)
        let (read, stats) = try readAll(dir.path, fields: set)
        #expect(read.count == records.count)
        // What we expect: only the requested fields copied onto a default record.
        let expected = records.map { r in
            var e = FlowRecord()
            for f in fields { e.copy(f, from: r) }
            return e
        }
        #expect(read == expected)
        // Column reads: far fewer bytes than the whole segment.
        let size = try fileBytes(dir.path + "/" + (try dir.segmentFiles(dir.path)[0])).count
        #expect(stats.bytesRead < size / 2)
    }

    @Test func columnBatchesMatchRecords() throws {
        let dir = try TemporaryDirectory()
        let records = (0..<500).map { sampleRecord($0) }
        let writer = try FlowStoreWriter(directory: dir.path)
        try writer.append(records, receivedAtMillis: baseMinute)
        try writer.close()

        var bytes: [UInt64] = []
        var sources: [IPAddress] = []
        var names: [String] = []
        var ports: [UInt16] = []
        var protos: [UInt8] = []
        var inputs: [UInt32] = []
        let stats = try FlowStoreReader(directory: dir.path).scanColumns(
            fromMillis: 0, toMillis: .max, fields: FlowFieldSet([.bytes, .srcAddress, .exporterName, .dstPort, .proto, .inputInterface])
        ) { batch in
            #expect(batch.contains(.bytes))
            #expect(!batch.contains(.packets))
            #expect(batch.uint64(.packets) == nil)
            bytes += batch.uint64(.bytes)!
            let a = batch.addresses(.srcAddress)!
            for i in 0..<a.count { sources.append(a[i]) }
            let s = batch.strings(.exporterName)!
            for i in 0..<s.count { names.append(s[i]) }
            ports += batch.uint16(.dstPort)!
            protos += batch.uint8(.proto)!
            inputs += batch.uint32(.inputInterface)!
        }
        #expect(stats.records == 500)
        #expect(bytes == records.map(\.bytes))
        #expect(sources == records.map(\.srcAddress))
        #expect(names == records.map(\.exporterName))
        #expect(ports == records.map(\.dstPort))
        #expect(protos == records.map(\.proto))
        #expect(inputs == records.map(\.inputInterface))
    }

    @Test func emptyAppendWritesNothing() throws {
        let dir = try TemporaryDirectory()
        let writer = try FlowStoreWriter(directory: dir.path)
        try writer.append([], receivedAtMillis: baseMinute)
        try writer.close()
        #expect(try dir.segmentFiles(dir.path).isEmpty)
    }
}

extension FlowRecord {
    /// Copies one field from `other`, for building expected partial records in tests.
    mutating func copy(_ field: FlowField, from o: FlowRecord) {
        switch field {
        case .startMillis: startMillis = o.startMillis
        case .endMillis: endMillis = o.endMillis
        case .exporter: exporter = o.exporter
        case .observationDomain: observationDomain = o.observationDomain
        case .inputInterface: inputInterface = o.inputInterface
        case .outputInterface: outputInterface = o.outputInterface
        case .srcAddress: srcAddress = o.srcAddress
        case .dstAddress: dstAddress = o.dstAddress
        case .srcPrefixLength: srcPrefixLength = o.srcPrefixLength
        case .dstPrefixLength: dstPrefixLength = o.dstPrefixLength
        case .srcPort: srcPort = o.srcPort
        case .dstPort: dstPort = o.dstPort
        case .proto: proto = o.proto
        case .tcpFlags: tcpFlags = o.tcpFlags
        case .tos: tos = o.tos
        case .bytes: bytes = o.bytes
        case .packets: packets = o.packets
        case .rawBytes: rawBytes = o.rawBytes
        case .rawPackets: rawPackets = o.rawPackets
        case .samplingRate: samplingRate = o.samplingRate
        case .srcAS: srcAS = o.srcAS
        case .dstAS: dstAS = o.dstAS
        case .nextHop: nextHop = o.nextHop
        case .direction: direction = o.direction
        case .vlan: vlan = o.vlan
        case .source: source = o.source
        case .exporterName: exporterName = o.exporterName
        case .exporterSite: exporterSite = o.exporterSite
        case .srcSite: srcSite = o.srcSite
        case .dstSite: dstSite = o.dstSite
        }
    }
}
