import FlowCodec
import Foundation
import NetsightModel
import Testing

@Suite("Template cache")
struct TemplateCacheTests {
    /// Learn a data template, an IPFIX varlen template, a sampler and a default rate, then
    /// persist as JSON and restore: the restored cache decodes exactly like the original.
    @Test func jsonRoundTripKeepsTemplatesAndSampling() throws {
        var cache = TemplateCache()
        let v9Options = Build.set(1, Build.v9OptionsTemplate(300, scopes: [(1, 4)], options: [(48, 1), (50, 4)]), padTo: 4)
        let v9Samplers = Build.set(300, Build.be32(0) + [7] + Build.be32(250), padTo: 4)
        let v9Data = Build.set(0, Build.template(256, [(1, 4), (2, 4), (48, 1)]))
        _ = decode(Build.v9(sourceID: 1, v9Options, v9Samplers, v9Data), cache: &cache)
        let ipfixTemplate = Build.set(2, Build.template(256, [(7, 2), (96, 65535), (1, 4)]))
        let ipfixDefault = Build.set(3, Build.be16(400) + Build.be16(2) + Build.be16(1) + Build.ipfixField(149, 4) + Build.ipfixField(34, 4))
        _ = decode(Build.ipfix(domain: 2, ipfixTemplate, ipfixDefault, Build.set(400, Build.be32(2) + Build.be32(8))), exporter: exporterB, cache: &cache)

        let json = try JSONEncoder().encode(cache)
        var restored = try JSONDecoder().decode(TemplateCache.self, from: json)
        #expect(restored.templateKeys == cache.templateKeys)
        #expect(restored.templateCount == 4)

        let v9Records = Build.v9(sourceID: 1, Build.set(256, Build.be32(10) + Build.be32(1) + [7], padTo: 4))
        let ipfixRecords = Build.ipfix(domain: 2, Build.set(256, Build.be16(9) + [2, 0x61, 0x62] + Build.be32(5)))
        for bytes in [v9Records] {
            var original = cache
            let a = decode(bytes, cache: &original)
            let b = decode(bytes, cache: &restored)
            #expect(a.records == b.records)
            #expect(b.records.map(\.samplingRate) == [250])
        }
        var original = cache
        let a = decode(ipfixRecords, exporter: exporterB, cache: &original)
        let b = decode(ipfixRecords, exporter: exporterB, cache: &restored)
        #expect(a.records == b.records)
        #expect(b.records.map(\.bytes) == [40])
        #expect(b.records.map(\.srcPort) == [9])
    }

    @Test func jsonIsReadable() throws {
        var cache = TemplateCache()
        _ = decode(Build.v9(sourceID: 3, Build.set(0, Build.template(256, [(8, 4)]))), cache: &cache)
        let text = String(decoding: try JSONEncoder().encode(cache), as: UTF8.self)
        #expect(text.contains("\"exporter\":\"192.0.2.1\""))
        #expect(text.contains("\"templateID\":256"))
    }

    @Test func expiryUsesTheLastAnnouncement() {
        var cache = TemplateCache()
        let t256 = Build.set(0, Build.template(256, [(8, 4)]))
        let t257 = Build.set(0, Build.template(257, [(8, 4)]))
        _ = decode(Build.v9(t256, t257), cache: &cache, receivedAt: 1_000)
        _ = decode(Build.v9(t256), cache: &cache, receivedAt: 5_000)  // refresh of 256 only
        #expect(cache.expire(notSeenSince: 2_000) == 1)
        #expect(cache.templateKeys.map(\.templateID) == [256])
        #expect(cache.template(for: cache.templateKeys[0])?.lastSeenMillis == 5_000)
    }

    @Test func removeAllForgetsOneExporter() {
        var cache = TemplateCache()
        let t = Build.set(0, Build.template(256, [(8, 4)]))
        _ = decode(Build.v9(t), cache: &cache)
        _ = decode(Build.v9(t), exporter: exporterB, cache: &cache)
        cache.removeAll(exporter: exporterA)
        #expect(cache.templateKeys.map(\.exporter) == [exporterB])
    }
}
