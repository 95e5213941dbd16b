/// One configured probe: what to measure, how often, and how hard.
///
/// A run is a burst of `count` packets or attempts, `spacing` apart, each given `timeout`
/// to answer (IP SLA's and Smokeping's model). The scheduler starts a run every
/// `interval`; the CLI runs exactly one.
public struct ProbeSpec: Sendable, Hashable {
    /// Unique name: labels metrics and results, and is the `{id}` of the API.
    public var id: String
    /// Host name or address (ICMP), `host:port` (TCP, UDP jitter), the name to look up
    /// (DNS), or the URL (HTTP). IPv6 literals with a port are written `[::1]:80`.
    public var target: String
    /// Free-form labels (site, service, path) carried into metrics and alerts.
    public var labels: [String: String]
    /// Time between the starts of two runs.
    public var interval: Duration
    /// Packets or attempts per run.
    public var count: Int
    /// Time between the starts of two packets or attempts of one run.
    public var spacing: Duration
    /// How long each packet or attempt may wait for its answer.
    public var timeout: Duration
    /// The kind and its own settings.
    public var options: ProbeOptions
    /// Reactions evaluated on each result (IP SLA's `reaction-configuration`).
    public var reactions: [ProbeReactionSpec]

    public var kind: ProbeKind { options.kind }

    public init(
        id: String, target: String, options: ProbeOptions, labels: [String: String] = [:],
        interval: Duration = .seconds(60), count: Int = 5, spacing: Duration = .seconds(1),
        timeout: Duration = .seconds(2), reactions: [ProbeReactionSpec] = []
    ) {
        self.id = id
        self.target = target
        self.options = options
        self.labels = labels
        self.interval = interval
        self.count = max(1, count)
        self.spacing = spacing
        self.timeout = timeout
        self.reactions = reactions
    }
}

/// The kind of a probe with the settings only that kind has.
public enum ProbeOptions: Sendable, Hashable {
    case icmp(ICMPProbeOptions)
    case tcp
    case udpJitter(UDPJitterProbeOptions)
    case dns(DNSProbeOptions)
    case http(HTTPProbeOptions)

    public var kind: ProbeKind {
        switch self {
        case .icmp: .icmp
        case .tcp: .tcp
        case .udpJitter: .udpJitter
        case .dns: .dns
        case .http: .http
        }
    }
}

/// Which address family a name is resolved to. `.any` takes the first address the
/// resolver returns, as ping and curl do.
public enum ProbeAddressFamily: String, Sendable, Hashable, Codable {
    case any, ipv4, ipv6
}

public struct ICMPProbeOptions: Sendable, Hashable {
    /// ICMP payload bytes after the 8-byte header (ping's `-s`, default 56).
    public var payloadSize: Int
    public var family: ProbeAddressFamily

    public init(payloadSize: Int = 56, family: ProbeAddressFamily = .any) {
        self.payloadSize = payloadSize
        self.family = family
    }
}

public struct UDPJitterProbeOptions: Sendable, Hashable {
    /// The voice codec MOS and ICPIF are computed for: "g711", "g711plc" or "g729a".
    public var codec: String
    /// UDP payload bytes per packet (IP SLA's g711 default is 160 + 12 RTP = 172).
    public var payloadSize: Int
    public var family: ProbeAddressFamily
    /// Report one-way delays: only meaningful when prober and responder clocks agree (the
    /// same host, or both disciplined by PTP). Jitter and loss per direction never need it.
    public var trustClocks: Bool

    public init(
        codec: String = "g711", payloadSize: Int = 172, family: ProbeAddressFamily = .any, trustClocks: Bool = false
    ) {
        self.codec = codec
        self.payloadSize = payloadSize
        self.family = family
        self.trustClocks = trustClocks
    }
}

public struct DNSProbeOptions: Sendable, Hashable {
    /// The server to ask, `host[:port]` (port 53 by default).
    public var server: String
    /// Record type by mnemonic ("A", "AAAA", "MX", "TXT", ...) or "TYPEnnn".
    public var recordType: String
    /// Ask over TCP from the start instead of UDP with TCP fallback on truncation.
    public var tcpOnly: Bool
    /// Set the RD (recursion desired) bit.
    public var recursionDesired: Bool
    /// Answers that must be present (their text form, as `DNSSummary.answers` prints them);
    /// empty: any NOERROR reply succeeds.
    public var expectedAnswers: [String]
    /// The rcode that counts as success ("NOERROR" by default; "NXDOMAIN" to check that a
    /// name does not exist).
    public var expectedRcode: String

    public init(
        server: String, recordType: String = "A", tcpOnly: Bool = false, recursionDesired: Bool = true,
        expectedAnswers: [String] = [], expectedRcode: String = "NOERROR"
    ) {
        self.server = server
        self.recordType = recordType
        self.tcpOnly = tcpOnly
        self.recursionDesired = recursionDesired
        self.expectedAnswers = expectedAnswers
        self.expectedRcode = expectedRcode
    }
}

public struct HTTPProbeOptions: Sendable, Hashable {
    public var method: String
    /// Status codes that count as success; empty means 200...399.
    public var expectedStatus: [Int]
    /// A regular expression the body must match (the first 1 MiB of it).
    public var bodyRegex: String?
    /// Extra trust anchors (PEM file) besides the system's, for private CAs.
    public var caFile: String?
    /// Do not fail the probe on an untrusted chain, wrong host name or expired
    /// certificate. The TLS facts are still measured and reported.
    public var insecure: Bool
    /// Fail when the leaf certificate expires within this many days (nil: only when expired).
    public var minimumCertificateDays: Double?
    public var family: ProbeAddressFamily
    /// Extra request headers.
    public var headers: [String: String]

    public init(
        method: String = "GET", expectedStatus: [Int] = [], bodyRegex: String? = nil, caFile: String? = nil,
        insecure: Bool = false, minimumCertificateDays: Double? = nil, family: ProbeAddressFamily = .any,
        headers: [String: String] = [:]
    ) {
        self.method = method
        self.expectedStatus = expectedStatus
        self.bodyRegex = bodyRegex
        self.caFile = caFile
        self.insecure = insecure
        self.minimumCertificateDays = minimumCertificateDays
        self.family = family
        self.headers = headers
    }
}
