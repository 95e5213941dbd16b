import NetsightModel

/// Identifies one template: exporter address + protocol version + observation domain
/// (NetFlow v9 source ID) + template ID. Leaving out the exporter is how collectors end up
/// decoding one router's data with another's template (ElastiFlow #248).
public struct TemplateKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public var exporter: IPAddress
    public var version: UInt16
    public var domain: UInt32
    public var templateID: UInt16

    public init(exporter: IPAddress, version: UInt16, domain: UInt32, templateID: UInt16) {
        self.exporter = exporter
        self.version = version
        self.domain = domain
        self.templateID = templateID
    }

    public var description: String { "\(exporter) v\(version) domain \(domain) template \(templateID)" }
}
