import FlowCodec
import Foundation
import NIOCore
import NIOEmbedded
import NetsightModel
import Prometheus
import Synchronization
import Testing

@testable import Collectors

/// The receive path on an embedded channel: decode, enrich, hand to the queue once per read
/// burst, count in /metrics, persist templates, and expire templates nobody refreshes.
@Suite struct FlowDatagramHandlerTests {
    /// A NetFlow v9 packet from source ID 7: template 300 (IPv4 src, dst, bytes, packets,
    /// dst port, protocol) and/or two data records for it.
    static func v9(template: Bool, data: Bool, unixSeconds: UInt32) -> [UInt8] {
        var out: [UInt8] = []
        func u16(_ v: UInt16) { out += [UInt8(v >> 8), UInt8(v & 0xff)] }
        func u32(_ v: UInt32) { u16(UInt16(v >> 16)); u16(UInt16(v & 0xffff)) }
        u16(9); u16(0); u32(100_000); u32(unixSeconds); u32(1); u32(7)
        if template {
            let fields: [(UInt16, UInt16)] = [(8, 4), (12, 4), (1, 4), (2, 4), (11, 2), (4, 1)]
            u16(0); u16(UInt16(4 + 4 + fields.count * 4)); u16(300); u16(UInt16(fields.count))
            for (t, l) in fields { u16(t); u16(l) }
        }
        if data {
            let records: [(UInt32, UInt32, UInt32, UInt32, UInt16, UInt8)] = [
                (0x0A00_0001, 0xC000_0201, 1500, 3, 443, 6), (0x0A00_0002, 0xC000_0202, 700, 1, 53, 17),
            ]
            let body = records.count * 19
            let padded = (4 + body + 3) / 4 * 4
            u16(300); u16(UInt16(padded))
            for r in records { u32(r.0); u32(r.1); u32(r.2); u32(r.3); u16(r.4); out.append(r.5) }
            out += [UInt8](repeating: 0, count: padded - 4 - body)
        }
        return out
    }

    final class Clock: Sendable {
        let millis = Atomic<UInt64>(1_800_000_000_000)
        func now() -> UInt64 { millis.load(ordering: .relaxed) }
        func advance(_ ms: UInt64) { _ = millis.add(ms, ordering: .relaxed) }
    }

    static func envelope(_ bytes: [UInt8], from source: String = "192.0.2.9") throws -> AddressedEnvelope<ByteBuffer> {
        AddressedEnvelope(remoteAddress: try SocketAddress(ipAddress: source, port: 2055), data: ByteBuffer(bytes: bytes))
    }

    /// A handler on an embedded channel with its own queue, registry and clock.
    struct Rig {
        let clock = Clock()
        let queue = IngestQueue(capacity: 100_000)
        let registry = PrometheusCollectorRegistry()
        let channel: EmbeddedChannel
        var seconds: UInt32 { UInt32(clock.now() / 1000) }

        init(enricher: FlowEnricher = FlowEnricher(), loop: EmbeddedEventLoop = EmbeddedEventLoop()) {
            let clock = self.clock
            channel = EmbeddedChannel(
                handler: FlowDatagramHandler(
                    listener: "netflow", templates: TemplateCache(), enricher: enricher, queue: queue,
                    metrics: FlowIngestMetrics(registry: registry), now: { clock.now() }),
                loop: loop)
        }

        /// One read burst: channelRead per datagram, then one channelReadComplete
        /// (writeInbound would complete the read after every datagram).
        func read(_ datagrams: [UInt8]..., from source: String = "192.0.2.9") throws {
            for bytes in datagrams { channel.pipeline.fireChannelRead(try FlowDatagramHandlerTests.envelope(bytes, from: source)) }
            channel.pipeline.fireChannelReadComplete()
        }

        /// Synchronous, so a test never leaves the thread its `EmbeddedEventLoop` was made
        /// on (NIO reports that as misuse, and will trap on it).
        func flows() -> [[FlowRecord]] {
            FlowDatagramHandlerTests.flowItems(queue.drainBlocking(timeout: .milliseconds(1)) ?? [])
        }
    }

    @Test func decodesEnrichesQueuesAndCounts() throws {
        let rig = Rig(enricher: FlowEnricher(
            exporters: [IPAddress("192.0.2.9")!: ExporterInfo(name: "edge-1", site: "ldn", samplingOverride: 10)],
            sites: [(name: "dc", prefixes: [IPPrefix("10.0.0.0/8")!])]))
        let (channel, registry, seconds) = (rig.channel, rig.registry, rig.seconds)
        // Data before its template: dropped and counted; then template + data in one packet.
        try channel.writeInbound(Self.envelope(Self.v9(template: false, data: true, unixSeconds: seconds)))
        try channel.writeInbound(Self.envelope(Self.v9(template: true, data: true, unixSeconds: seconds)))
        channel.pipeline.fireChannelReadComplete()
        channel.embeddedEventLoop.advanceTime(by: FlowDatagramHandler.holdTime)

        let records = rig.flows().flatMap { $0 }
        #expect(records.count == 2)
        #expect(records.map(\.srcAddress.description) == ["10.0.0.1", "10.0.0.2"])
        #expect(records.map(\.bytes) == [15_000, 7000], "the configured 1-in-10 override scales bytes")
        #expect(records.map(\.rawBytes) == [1500, 700])
        #expect(records.allSatisfy { $0.exporterName == "edge-1" && $0.exporterSite == "ldn" && $0.srcSite == "dc" })
        #expect(records.allSatisfy { $0.dstSite == "" && $0.observationDomain == 7 })
        let metrics = registry.emitToString()
        #expect(metrics.contains("netsight_flow_datagrams_total 2"))
        #expect(metrics.contains(#"netsight_flow_records_total{version="netflow_v9"} 2"#))
        #expect(metrics.contains(#"netsight_flow_decode_errors_total{reason="unknown_template"} 1"#))
        #expect(metrics.contains(#"netsight_flow_unknown_template_sets_total{exporter="192.0.2.9",domain="7",template_id="300"} 1"#))
        _ = try channel.finish()
    }

    @Test func persistsTemplatesAndExpiresStaleOnes() throws {
        let loop = EmbeddedEventLoop()
        let rig = Rig(loop: loop)
        let (clock, queue, channel) = (rig.clock, rig.queue, rig.channel)
        try channel.writeInbound(Self.envelope(Self.v9(template: true, data: false, unixSeconds: UInt32(clock.now() / 1000))))
        channel.pipeline.fireChannelReadComplete()
        #expect((queue.drainBlocking(timeout: .milliseconds(1)) ?? []).isEmpty, "a template alone yields no flows and is persisted later")

        // The periodic task persists the new template.
        loop.advanceTime(by: FlowDatagramHandler.persistInterval)
        let saved = try #require(Self.templateBlobs((queue.drainBlocking(timeout: .milliseconds(1)) ?? [])).last)
        #expect(try JSONDecoder().decode(TemplateCache.self, from: Data(saved)).templateCount == 1)

        // A day and more without a refresh: the next expiry run drops it and persists that.
        clock.advance(FlowDatagramHandler.templateLifetimeMillis + FlowDatagramHandler.expiryEveryMillis)
        loop.advanceTime(by: FlowDatagramHandler.persistInterval)
        let afterExpiry = try #require(Self.templateBlobs((queue.drainBlocking(timeout: .milliseconds(1)) ?? [])).last)
        #expect(try JSONDecoder().decode(TemplateCache.self, from: Data(afterExpiry)).templateCount == 0)
        _ = try channel.finish()
    }

    /// A NetFlow v9 data packet for template 300 with `count` records, the i-th from
    /// 10.0.x.y where x.y is `first + i`, carrying `first + i` bytes.
    static func v9Data(count: Int, first: Int, unixSeconds: UInt32) -> [UInt8] {
        var out: [UInt8] = []
        func u16(_ v: UInt16) { out += [UInt8(v >> 8), UInt8(v & 0xff)] }
        func u32(_ v: UInt32) { u16(UInt16(v >> 16)); u16(UInt16(v & 0xffff)) }
        u16(9); u16(UInt16(count)); u32(100_000); u32(unixSeconds); u32(1); u32(7)
        let body = count * 19
        let padded = (4 + body + 3) / 4 * 4
        u16(300); u16(UInt16(padded))
        for i in 0..<count {
            let n = UInt32(first + i)
            u32(0x0A00_0000 | n); u32(0xC000_0201); u32(n); u32(1); u16(443); out.append(6)
        }
        out += [UInt8](repeating: 0, count: padded - 4 - body)
        return out
    }

    static func flowItems(_ items: [IngestItem]) -> [[FlowRecord]] {
        items.compactMap { item in
            if case .flows(let r, _) = item { return r }
            return nil
        }
    }

    /// Datagrams of one read burst are decoded into one array, in order; a bad datagram in
    /// the middle is counted and skipped; metrics still count per datagram.
    @Test func burstOfDatagramsBecomesOneItemInOrder() throws {
        let rig = Rig()
        let (queue, registry, channel, seconds) = (rig.queue, rig.registry, rig.channel, rig.seconds)
        // One read burst, by hand so the queue can be checked before the read completes.
        for (bytes, source) in [
            (Self.v9(template: true, data: false, unixSeconds: seconds), "192.0.2.9"),
            (Self.v9Data(count: 3, first: 1, unixSeconds: seconds), "192.0.2.9"),
            ([0, 42, 0, 0, 1, 2], "192.0.2.9"),  // bad version
            (Self.v9Data(count: 2, first: 4, unixSeconds: seconds), "192.0.2.10"),  // no template from it
            (Self.v9Data(count: 2, first: 6, unixSeconds: seconds), "192.0.2.9"),
        ] {
            channel.pipeline.fireChannelRead(try Self.envelope(bytes, from: source))
        }
        #expect(queue.depth == 0, "nothing is handed over before the read completes")
        channel.pipeline.fireChannelReadComplete()
        channel.embeddedEventLoop.advanceTime(by: FlowDatagramHandler.holdTime)

        let batches = rig.flows()
        #expect(batches.count == 1, "one burst, one item")
        let records = batches.flatMap { $0 }
        #expect(records.map(\.bytes) == [1, 2, 3, 6, 7])
        #expect(records.allSatisfy { $0.exporterName == "192.0.2.9" })
        let metrics = registry.emitToString()
        #expect(metrics.contains("netsight_flow_datagrams_total 5"))
        #expect(metrics.contains(#"netsight_flow_records_total{version="netflow_v9"} 5"#))
        #expect(metrics.contains(#"netsight_flow_decode_errors_total{reason="bad_version"} 1"#))
        #expect(metrics.contains(#"netsight_flow_decode_errors_total{reason="unknown_template"} 1"#))
        #expect(metrics.contains(#"netsight_flow_unknown_template_sets_total{exporter="192.0.2.10",domain="7",template_id="300"} 1"#))
        _ = try channel.finish()
    }

    /// A burst goes to the queue once it reaches `burstRecords`, in the recycled buffer; the
    /// small rest at the end of the read goes as an array of its own size.
    @Test func largeBurstsAreSplitAndSmallOnesCopiedTight() throws {
        let rig = Rig()
        let (queue, channel, seconds) = (rig.queue, rig.channel, rig.seconds)
        try channel.writeInbound(Self.envelope(Self.v9(template: true, data: false, unixSeconds: seconds)))
        let perDatagram = 1000
        let datagrams = FlowDatagramHandler.burstRecords / perDatagram + 2
        for d in 0..<datagrams {
            channel.pipeline.fireChannelRead(
                try Self.envelope(Self.v9Data(count: perDatagram, first: d * perDatagram, unixSeconds: seconds)))
        }
        channel.pipeline.fireChannelReadComplete()
        channel.embeddedEventLoop.advanceTime(by: FlowDatagramHandler.holdTime)

        let batches = rig.flows()
        let full = (FlowDatagramHandler.burstRecords + perDatagram - 1) / perDatagram * perDatagram
        #expect(batches.map(\.count) == [full, datagrams * perDatagram - full])
        #expect(batches[0].capacity >= IngestQueue.recordBufferCapacity)
        #expect(batches[1].capacity < 2 * batches[1].count, "a small rest must not pin a large buffer")
        #expect(queue.spareCount == 0, "the handler kept its buffer for the next burst")
        #expect(batches.flatMap { $0 }.map(\.bytes) == (0..<UInt64(datagrams * perDatagram)).map { $0 })
        _ = try channel.finish()
    }

    /// Reads that leave only a few records are held for `holdTime`, so several join one
    /// item; a read that reaches `copyBelowRecords` hands over everything at once.
    @Test func smallReadsAreHeldBrieflyAndJoined() throws {
        let rig = Rig()
        let (queue, channel, seconds) = (rig.queue, rig.channel, rig.seconds)
        try rig.read(Self.v9(template: true, data: false, unixSeconds: seconds))
        try rig.read(Self.v9Data(count: 3, first: 0, unixSeconds: seconds))
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(2))
        try rig.read(Self.v9Data(count: 4, first: 3, unixSeconds: seconds))
        #expect(queue.depth == 0, "held")
        channel.embeddedEventLoop.advanceTime(by: FlowDatagramHandler.holdTime - .milliseconds(2))
        #expect(rig.flows().map(\.count) == [7], "one item")

        // A read that reaches copyBelowRecords (with what is held) goes at once.
        try rig.read(Self.v9Data(count: 10, first: 7, unixSeconds: seconds))
        let half = FlowDatagramHandler.copyBelowRecords / 2
        try rig.read(
            Self.v9Data(count: half, first: 17, unixSeconds: seconds),
            Self.v9Data(count: FlowDatagramHandler.copyBelowRecords - half, first: 17 + half, unixSeconds: seconds))
        #expect(rig.flows().map(\.count) == [10 + FlowDatagramHandler.copyBelowRecords])

        // What is held when the channel goes away is handed over, not lost.
        try rig.read(Self.v9Data(count: 2, first: 9000, unixSeconds: seconds))
        _ = try channel.finish()
        #expect(rig.flows().map(\.count) == [2])
    }

    static func templateBlobs(_ items: [IngestItem]) -> [[UInt8]] {
        items.compactMap { item in
            if case .templates(_, let blob) = item { return blob }
            return nil
        }
    }
}
