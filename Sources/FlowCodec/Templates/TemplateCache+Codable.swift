/// JSON persistence: dictionaries with struct keys become arrays of entries, so the file
/// reads as plain objects rather than JSONEncoder's alternating key/value arrays.
extension TemplateCache: Codable {
    private struct TemplateEntry: Codable {
        var key: TemplateKey
        var template: FlowTemplate
    }

    private struct SamplerEntry: Codable {
        var key: SamplerKey
        var rate: UInt32
    }

    private struct DomainRateEntry: Codable {
        var domain: ExporterDomain
        var rate: UInt32
    }

    private struct SystemInitEntry: Codable {
        var domain: ExporterDomain
        var millis: UInt64
    }

    private enum CodingKeys: String, CodingKey {
        case templates, samplers, defaultRates, systemInit
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        for e in try c.decodeIfPresent([TemplateEntry].self, forKey: .templates) ?? [] { templates[e.key] = e.template }
        for e in try c.decodeIfPresent([SamplerEntry].self, forKey: .samplers) ?? [] { samplerRates[e.key] = e.rate }
        for e in try c.decodeIfPresent([DomainRateEntry].self, forKey: .defaultRates) ?? [] { defaultRates[e.domain] = e.rate }
        for e in try c.decodeIfPresent([SystemInitEntry].self, forKey: .systemInit) ?? [] { systemInitMillis[e.domain] = e.millis }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(templateKeys.compactMap { key in templates[key].map { TemplateEntry(key: key, template: $0) } }, forKey: .templates)
        try c.encode(samplerRates.map { SamplerEntry(key: $0.key, rate: $0.value) }, forKey: .samplers)
        try c.encode(defaultRates.map { DomainRateEntry(domain: $0.key, rate: $0.value) }, forKey: .defaultRates)
        try c.encode(systemInitMillis.map { SystemInitEntry(domain: $0.key, millis: $0.value) }, forKey: .systemInit)
    }
}
