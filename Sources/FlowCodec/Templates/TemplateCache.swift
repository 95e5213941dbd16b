import NetsightModel

/// Everything a NetFlow v9 / IPFIX decoder must remember between datagrams: templates,
/// options templates, and the sampling state that options records announce.
///
/// Decoders receive the cache `inout` and never own it (goflow2's registry lives outside
/// its decoders too): the collector keeps one per listener, persists it as JSON when a
/// result says `templatesChanged`, and expires templates by `lastSeenMillis`. Everything
/// is keyed by exporter address + domain, so two routers using the same template ID never
/// decode each other's data (ElastiFlow #248).
public struct TemplateCache: Sendable {
    var templates: [TemplateKey: FlowTemplate] = [:]
    /// Rates announced for a sampler ID (IE 48/302) by options records.
    var samplerRates: [SamplerKey: UInt32] = [:]
    /// Rates announced by options records without a sampler ID: the domain's default.
    var defaultRates: [ExporterDomain: UInt32] = [:]
    /// IE 160 systemInitTimeMilliseconds announced by options records, for IPFIX records
    /// that carry only uptime-relative times (IE 21/22).
    var systemInitMillis: [ExporterDomain: UInt64] = [:]

    public init() {}

    /// Number of cached templates, options templates included.
    public var templateCount: Int { templates.count }

    /// The cached template keys, sorted so listings and tests are stable.
    public var templateKeys: [TemplateKey] {
        templates.keys.sorted {
            ($0.exporter, $0.version, $0.domain, $0.templateID) < ($1.exporter, $1.version, $1.domain, $1.templateID)
        }
    }

    public func template(for key: TemplateKey) -> FlowTemplate? { templates[key] }

    /// The rate an options record announced for `samplerID`, or, when `samplerID` is nil,
    /// the domain's default rate.
    public func samplingRate(for domain: ExporterDomain, samplerID: UInt64? = nil) -> UInt32? {
        if let samplerID { return samplerRates[SamplerKey(domain: domain, samplerID: samplerID)] }
        return defaultRates[domain]
    }

    /// Forgets everything learned from `exporter` (it was removed from the configuration).
    public mutating func removeAll(exporter: IPAddress) {
        templates = templates.filter { $0.key.exporter != exporter }
        samplerRates = samplerRates.filter { $0.key.domain.exporter != exporter }
        defaultRates = defaultRates.filter { $0.key.exporter != exporter }
        systemInitMillis = systemInitMillis.filter { $0.key.exporter != exporter }
    }

    /// Drops templates not announced since `millis` and returns how many. The decoder has
    /// no clock; the collector decides the timeout (RFC 7011 §8.4 leaves it to the collector).
    @discardableResult
    public mutating func expire(notSeenSince millis: UInt64) -> Int {
        let before = templates.count
        templates = templates.filter { $0.value.lastSeenMillis >= millis }
        return before - templates.count
    }

    // MARK: - Decoder side

    /// Adds or replaces a template; returns true when the layout is new or different
    /// (a same-layout refresh only moves `lastSeenMillis`).
    mutating func install(_ template: FlowTemplate, for key: TemplateKey) -> Bool {
        if var cached = templates[key], cached.hasSameLayout(as: template) {
            cached.lastSeenMillis = template.lastSeenMillis
            templates[key] = cached
            return false
        }
        templates[key] = template
        return true
    }

    /// Withdraws one template (IPFIX field count 0); true when it existed.
    mutating func withdraw(_ key: TemplateKey) -> Bool {
        templates.removeValue(forKey: key) != nil
    }

    /// Withdraws every data template (`options == false`, IPFIX template ID 2) or every
    /// options template (`options == true`, ID 3) of one domain; true when any existed.
    mutating func withdrawAll(in domain: ExporterDomain, options: Bool) -> Bool {
        let before = templates.count
        templates = templates.filter {
            !($0.key.exporter == domain.exporter && $0.key.version == domain.version
                && $0.key.domain == domain.domain && $0.value.isOptions == options)
        }
        return templates.count != before
    }

    /// Records a sampling rate from an options record; true when it changed.
    mutating func setSamplingRate(_ rate: UInt32, for domain: ExporterDomain, samplerID: UInt64?) -> Bool {
        if let samplerID {
            let key = SamplerKey(domain: domain, samplerID: samplerID)
            return samplerRates.updateValue(rate, forKey: key) != rate
        }
        return defaultRates.updateValue(rate, forKey: domain) != rate
    }

    /// Records IE 160 from an options record; true when it changed.
    mutating func setSystemInitMillis(_ millis: UInt64, for domain: ExporterDomain) -> Bool {
        systemInitMillis.updateValue(millis, forKey: domain) != millis
    }
}
