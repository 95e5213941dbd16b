import NetsightModel

/// One exporter's observation domain (NetFlow v9 source ID, IPFIX domain): the scope of
/// its default sampling rate and system init time.
public struct ExporterDomain: Hashable, Sendable, Codable, CustomStringConvertible {
    public var exporter: IPAddress
    public var version: UInt16
    public var domain: UInt32

    public init(exporter: IPAddress, version: UInt16, domain: UInt32) {
        self.exporter = exporter
        self.version = version
        self.domain = domain
    }

    public var description: String { "\(exporter) v\(version) domain \(domain)" }
}
