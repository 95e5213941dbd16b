import NetsightModel

/// What the configuration says about one exporter.
public struct ExporterInfo: Sendable, Hashable {
    public var name: String
    public var site: String
    /// 1-in-N sampling to apply whatever the exporter announces (for exporters that lie
    /// or say nothing).
    public var samplingOverride: UInt32?

    public init(name: String, site: String = "", samplingOverride: UInt32? = nil) {
        self.name = name
        self.site = site
        self.samplingOverride = samplingOverride
    }
}

/// Fills the enrichment fields of decoded flows: exporter name and site from the
/// configuration, source and destination site from the site prefixes (longest match wins),
/// and source and destination AS from an optional MaxMind-format database where the
/// exporter sent none (an AS of 0); an AS the exporter sent is never overwritten.
///
/// Pure and immutable, so every listener shares one and a config reload swaps it whole.
public struct FlowEnricher: Sendable {
    public let exporters: [IPAddress: ExporterInfo]
    /// Site prefixes sorted longest first, so the first hit is the longest match.
    private let sitePrefixes: [(IPPrefix, String)]
    /// Origin AS by address, for records whose exporter left srcAS/dstAS at 0.
    public let asnDatabase: ASNDatabase?

    public init(
        exporters: [IPAddress: ExporterInfo] = [:], sites: [(name: String, prefixes: [IPPrefix])] = [],
        asnDatabase: ASNDatabase? = nil
    ) {
        self.exporters = exporters
        self.asnDatabase = asnDatabase
        var all: [(IPPrefix, String)] = []
        for site in sites { for p in site.prefixes { all.append((p, site.name)) } }
        all.sort { a, b in
            let la = a.0.network.isIPv4 ? Int(a.0.length) + 96 : Int(a.0.length)
            let lb = b.0.network.isIPv4 ? Int(b.0.length) + 96 : Int(b.0.length)
            return la > lb
        }
        self.sitePrefixes = all
    }

    public func samplingOverride(for exporter: IPAddress) -> UInt32? {
        exporters[exporter]?.samplingOverride
    }

    /// The site whose prefix holds `address`, or "" when none does.
    public func site(of address: IPAddress) -> String {
        for (p, name) in sitePrefixes where p.contains(address) { return name }
        return ""
    }

    public func enrich(_ records: inout [FlowRecord]) {
        guard !records.isEmpty else { return }
        var lastExporter = IPAddress.zero
        var name = ""
        var exporterSite = ""
        let hasSites = !sitePrefixes.isEmpty
        for i in records.indices {
            let e = records[i].exporter
            if i == 0 || e != lastExporter {
                lastExporter = e
                let info = exporters[e]
                name = info?.name ?? e.description
                exporterSite = info?.site ?? ""
            }
            records[i].exporterName = name
            records[i].exporterSite = exporterSite
            if hasSites {
                records[i].srcSite = site(of: records[i].srcAddress)
                records[i].dstSite = site(of: records[i].dstAddress)
            }
            if let asnDatabase {
                if records[i].srcAS == 0, records[i].srcAddress != .zero {
                    records[i].srcAS = asnDatabase.asn(for: records[i].srcAddress) ?? 0
                }
                if records[i].dstAS == 0, records[i].dstAddress != .zero {
                    records[i].dstAS = asnDatabase.asn(for: records[i].dstAddress) ?? 0
                }
            }
        }
    }
}
