import FlowCodec
import NetsightModel
import Testing

/// Sampling is the bug class every peer collector has shipped: these pin down where each
/// rate comes from and which one wins.
@Suite("Sampling")
struct SamplingTests {
    static let data = Build.set(0, Build.template(256, [(1, 4), (2, 4)]))
    static func record(_ bytes: UInt32, _ packets: UInt32) -> [UInt8] { Build.be32(bytes) + Build.be32(packets) }

    /// v9 options template 257: scope System (type 1 collides with IE 1 = bytes), interval, algorithm.
    static let v9DefaultRateTemplate = Build.set(1, Build.v9OptionsTemplate(257, scopes: [(1, 4)], options: [(34, 4), (35, 1)]), padTo: 4)

    @Test func v9OptionsWithoutSamplerIDSetTheDomainDefault() throws {
        var cache = TemplateCache()
        let options = Build.set(257, Build.be32(0xffff_ffff) + Build.be32(512) + [2], padTo: 4)
        let result = decode(Build.v9(sourceID: 3, Self.v9DefaultRateTemplate, options, Self.data, Build.set(256, Self.record(100, 2))), cache: &cache)
        #expect(result.errors.isEmpty)
        #expect(result.templatesChanged)
        #expect(cache.samplingRate(for: ExporterDomain(exporter: exporterA, version: 9, domain: 3)) == 512)
        let f = try #require(result.records.first)
        #expect((f.rawBytes, f.rawPackets, f.samplingRate, f.bytes, f.packets) == (100, 2, 512, 51_200, 1_024))
        // Another domain of the same exporter is not affected.
        _ = decode(Build.v9(sourceID: 4, Self.data), cache: &cache)
        let other = decode(Build.v9(sourceID: 4, Build.set(256, Self.record(100, 2))), cache: &cache)
        #expect(other.records.map(\.samplingRate) == [1])
        // Re-announcing the same rate is not a change worth persisting.
        let again = decode(Build.v9(sourceID: 3, options), cache: &cache)
        #expect(!again.templatesChanged)
    }

    @Test func v9SamplerTableIsLookedUpByFlowSamplerID() throws {
        var cache = TemplateCache()
        // Cisco style: options keyed by FLOW_SAMPLER_ID (48) with mode (49) and random interval (50).
        let optionsTemplate = Build.set(1, Build.v9OptionsTemplate(300, scopes: [(1, 4)], options: [(48, 1), (49, 1), (50, 4)]), padTo: 4)
        let options = Build.set(300, Build.be32(0) + [1, 2] + Build.be32(100) + Build.be32(0) + [2, 2] + Build.be32(1000), padTo: 4)
        let dataTemplate = Build.set(0, Build.template(256, [(1, 4), (2, 4), (48, 1)]))
        let records = Build.set(256, Self.record(10, 1) + [1] + Self.record(10, 1) + [2] + Self.record(10, 1) + [9], padTo: 4)
        let result = decode(Build.v9(optionsTemplate, options, dataTemplate, records), cache: &cache)
        #expect(result.errors.isEmpty)
        // Sampler 9 is unknown: unsampled (1) rather than a guess.
        #expect(result.records.map(\.samplingRate) == [100, 1000, 1])
        #expect(result.records.map(\.bytes) == [1000, 10_000, 10])
        let domain = ExporterDomain(exporter: exporterA, version: 9, domain: 0)
        #expect(cache.samplingRate(for: domain, samplerID: 2) == 1000)
        // The override wins over the sampler table.
        let overridden = decode(Build.v9(records), cache: &cache, samplingOverride: 4)
        #expect(overridden.records.map(\.samplingRate) == [4, 4, 4])
    }

    @Test func rateInTheDataRecordItselfWins() throws {
        var cache = TemplateCache()
        let options = Build.set(257, Build.be32(0) + Build.be32(512) + [2], padTo: 4)
        let dataTemplate = Build.set(0, Build.template(256, [(1, 4), (2, 4), (34, 4)]))
        let result = decode(Build.v9(Self.v9DefaultRateTemplate, options, dataTemplate,
                                     Build.set(256, Self.record(1, 1) + Build.be32(64))), cache: &cache)
        #expect(result.records.map(\.samplingRate) == [64])
    }

    @Test func ipfixPacketIntervalAndSpace() throws {
        var cache = TemplateCache()
        // Options template: scope observationDomainId (149), samplingPacketInterval, samplingPacketSpace.
        let optionsTemplate = Build.set(3, Build.be16(400) + Build.be16(3) + Build.be16(1)
            + Build.ipfixField(149, 4) + Build.ipfixField(305, 4) + Build.ipfixField(306, 4))
        // 1 packet selected, 99 skipped: 1 in 100.
        let options = Build.set(400, Build.be32(5) + Build.be32(1) + Build.be32(99))
        let dataTemplate = Build.set(2, Build.template(256, [(1, 8), (2, 8)]))
        let data = Build.set(256, Build.be64(60) + Build.be64(1))
        let result = decode(Build.ipfix(domain: 5, optionsTemplate, options, dataTemplate, data), cache: &cache)
        #expect(result.errors.isEmpty)
        let f = try #require(result.records.first)
        #expect((f.samplingRate, f.bytes, f.packets, f.rawBytes) == (100, 6000, 100, 60))
    }

    @Test func ipfixSelectorIDTable() throws {
        var cache = TemplateCache()
        // Scope selectorId (302, 8 bytes), samplingInterval (34), samplingAlgorithm (35).
        let optionsTemplate = Build.set(3, Build.be16(401) + Build.be16(3) + Build.be16(1)
            + Build.ipfixField(302, 8) + Build.ipfixField(34, 4) + Build.ipfixField(35, 1))
        let options = Build.set(401, Build.be64(77) + Build.be32(2000) + [1] + Build.be64(78) + Build.be32(10) + [1])
        let dataTemplate = Build.set(2, Build.template(256, [(1, 4), (302, 8)]))
        let data = Build.set(256, Build.be32(3) + Build.be64(78) + Build.be32(3) + Build.be64(77))
        let result = decode(Build.ipfix(optionsTemplate, options, dataTemplate, data), cache: &cache)
        #expect(result.errors.isEmpty)
        #expect(result.records.map(\.samplingRate) == [10, 2000])
        #expect(result.records.map(\.bytes) == [30, 6000])
        #expect(result.records.map(\.rawBytes) == [3, 3])
    }

    @Test func samplingStateIsPerExporter() {
        var cache = TemplateCache()
        let options = Build.set(257, Build.be32(0) + Build.be32(512) + [2], padTo: 4)
        _ = decode(Build.v9(Self.v9DefaultRateTemplate, options, Self.data), cache: &cache)
        _ = decode(Build.v9(Self.data), exporter: exporterB, cache: &cache)
        let b = decode(Build.v9(Build.set(256, Self.record(1, 1))), exporter: exporterB, cache: &cache)
        #expect(b.records.map(\.samplingRate) == [1])
        let a = decode(Build.v9(Build.set(256, Self.record(1, 1))), cache: &cache)
        #expect(a.records.map(\.samplingRate) == [512])
    }
}
