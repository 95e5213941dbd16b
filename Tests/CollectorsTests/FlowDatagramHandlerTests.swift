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

    @Test func decodesEnrichesQueuesAndCounts() async throws {
        let clock = Clock()
        let queue = IngestQueue(capacity: 10_000)
        let registry = PrometheusCollectorRegistry()
        let enricher = FlowEnricher(
            exporters: [IPAddress("192.0.2.9")!: ExporterInfo(name: "edge-1", site: "ldn", samplingOverride: 10)],
            sites: [(name: "dc", prefixes: [IPPrefix("10.0.0.0/8")!])])
        let handler = FlowDatagramHandler(
            listener: "netflow", templates: TemplateCache(), enricher: enricher, queue: queue,
            metrics: FlowIngestMetrics(registry: registry), now: { clock.now() })
        let channel = EmbeddedChannel(handler: handler)
        let seconds = UInt32(clock.now() / 1000)
        // Data before its template: dropped and counted; then template + data in one packet.
        try channel.writeInbound(Self.envelope(Self.v9(template: false, data: true, unixSeconds: seconds)))
        try channel.writeInbound(Self.envelope(Self.v9(template: true, data: true, unixSeconds: seconds)))
        channel.pipeline.fireChannelReadComplete()

        let items = (await queue.drain(timeout: .milliseconds(1)) ?? [])
        let records = items.flatMap { item -> [FlowRecord] in
            if case .flows(let r, _) = item { return r }
            return []
        }
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

    @Test func persistsTemplatesAndExpiresStaleOnes() async throws {
        let clock = Clock()
        let queue = IngestQueue(capacity: 10_000)
        let handler = FlowDatagramHandler(
            listener: "netflow", templates: TemplateCache(), enricher: FlowEnricher(), queue: queue,
            metrics: FlowIngestMetrics(registry: PrometheusCollectorRegistry()), now: { clock.now() })
        let loop = EmbeddedEventLoop()
        let channel = EmbeddedChannel(handler: handler, loop: loop)
        try channel.writeInbound(Self.envelope(Self.v9(template: true, data: false, unixSeconds: UInt32(clock.now() / 1000))))
        channel.pipeline.fireChannelReadComplete()
        #expect((await queue.drain(timeout: .milliseconds(1)) ?? []).isEmpty, "a template alone yields no flows and is persisted later")

        // The periodic task persists the new template.
        loop.advanceTime(by: FlowDatagramHandler.persistInterval)
        let saved = try #require(Self.templateBlobs((await queue.drain(timeout: .milliseconds(1)) ?? [])).last)
        #expect(try JSONDecoder().decode(TemplateCache.self, from: Data(saved)).templateCount == 1)

        // A day and more without a refresh: the next expiry run drops it and persists that.
        clock.advance(FlowDatagramHandler.templateLifetimeMillis + FlowDatagramHandler.expiryEveryMillis)
        loop.advanceTime(by: FlowDatagramHandler.persistInterval)
        let afterExpiry = try #require(Self.templateBlobs((await queue.drain(timeout: .milliseconds(1)) ?? [])).last)
        #expect(try JSONDecoder().decode(TemplateCache.self, from: Data(afterExpiry)).templateCount == 0)
        _ = try channel.finish()
    }

    static func templateBlobs(_ items: [IngestItem]) -> [[UInt8]] {
        items.compactMap { item in
            if case .templates(_, let blob) = item { return blob }
            return nil
        }
    }
}
