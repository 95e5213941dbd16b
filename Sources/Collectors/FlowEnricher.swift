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
        var memo = Memo()
        enrich(&records, from: 0, memo: &memo)
    }

    /// The last exporter `enrich` looked up, so a burst of datagrams from one exporter
    /// resolves (and, for an unconfigured exporter, formats) its name once, not per datagram.
    /// Valid only with the enricher that filled it.
    public struct Memo: Sendable {
        var exporter: IPAddress?
        var name = ""
        var site = ""
        public init() {}
    }

    /// Enriches `records[start...]` in place, reusing `memo` across calls.
    public func enrich(_ records: inout [FlowRecord], from start: Int, memo: inout Memo) {
        guard start < records.count else { return }
        let hasSites = !sitePrefixes.isEmpty
        records.withUnsafeMutableBufferPointer { buffer in
            for i in start..<buffer.count {
                let e = buffer[i].exporter
                if e != memo.exporter {
                    let info = exporters[e]
                    memo.exporter = e
                    memo.name = info?.name ?? e.description
                    memo.site = info?.site ?? ""
                }
                buffer[i].exporterName = memo.name
                buffer[i].exporterSite = memo.site
                if hasSites {
                    buffer[i].srcSite = site(of: buffer[i].srcAddress)
                    buffer[i].dstSite = site(of: buffer[i].dstAddress)
                }
                if let asnDatabase {
                    if buffer[i].srcAS == 0, buffer[i].srcAddress != .zero {
                        buffer[i].srcAS = asnDatabase.asn(for: buffer[i].srcAddress) ?? 0
                    }
                    if buffer[i].dstAS == 0, buffer[i].dstAddress != .zero {
                        buffer[i].dstAS = asnDatabase.asn(for: buffer[i].dstAddress) ?? 0
                    }
                }
            }
        }
    }
}
