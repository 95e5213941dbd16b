import NetsightModel

/// One sampler (IE 48 samplerId / IE 302 selectorId) of one exporter's domain. Sampler IDs
/// are only unique per exporter and domain, so they are keyed like templates.
public struct SamplerKey: Hashable, Sendable, Codable {
    public var domain: ExporterDomain
    public var samplerID: UInt64

    public init(domain: ExporterDomain, samplerID: UInt64) {
        self.domain = domain
        self.samplerID = samplerID
    }
}
