import Foundation

/// What one run of a probe found. Every failure is a result, never a thrown error: the
/// scheduler stores and alerts on it like any other.
///
/// Times are microseconds (see `ProbeSample` in Analytics for why). Optional sections are
/// filled only by the kinds that have them.
public struct ProbeResult: Sendable, Equatable, Codable {
    public var probeID: String
    public var kind: ProbeKind
    public var target: String
    /// The address actually probed, after name resolution ("127.0.0.1", "::1").
    public var address: String?
    /// When the scheduler meant to start the run (nil when run from the CLI).
    public var scheduledAt: Date?
    public var startedAt: Date
    /// Wall time the whole run took, microseconds.
    public var durationMicros: Int64
    /// Whether the run met its kind's success rule (see docs/probes.md).
    public var success: Bool
    /// Why it did not, when it did not.
    public var failure: ProbeFailure?
    /// Packets or attempts sent, and answered.
    public var sent: Int
    public var received: Int
    public var duplicates: Int
    public var outOfOrder: Int
    /// Per packet or attempt in sequence order: its RTT (or connect time, query time, total
    /// HTTP time), nil when it got no answer. Smokeping's "smoke" is drawn from these.
    public var samplesMicros: [Int64?]
    /// Statistics over `samplesMicros`; nil when nothing came back.
    public var rtt: RTTSummary?
    public var jitter: JitterSummary?
    public var dns: DNSSummary?
    public var http: HTTPSummary?

    public init(
        probeID: String, kind: ProbeKind, target: String, address: String? = nil, scheduledAt: Date? = nil,
        startedAt: Date, durationMicros: Int64 = 0, success: Bool, failure: ProbeFailure? = nil, sent: Int = 0,
        received: Int = 0, duplicates: Int = 0, outOfOrder: Int = 0, samplesMicros: [Int64?] = [],
        rtt: RTTSummary? = nil, jitter: JitterSummary? = nil, dns: DNSSummary? = nil, http: HTTPSummary? = nil
    ) {
        self.probeID = probeID
        self.kind = kind
        self.target = target
        self.address = address
        self.scheduledAt = scheduledAt
        self.startedAt = startedAt
        self.durationMicros = durationMicros
        self.success = success
        self.failure = failure
        self.sent = sent
        self.received = received
        self.duplicates = duplicates
        self.outOfOrder = outOfOrder
        self.samplesMicros = samplesMicros
        self.rtt = rtt
        self.jitter = jitter
        self.dns = dns
        self.http = http
    }

    /// Lost packets or failed attempts as a percentage of those sent.
    public var lossPercent: Double {
        sent == 0 ? 100 : Double(sent - received) * 100 / Double(sent)
    }
}

/// Why a run failed. `reason` is for machines (metrics label, alert label), `message` for
/// people: "timeout after 2000 ms", "bad reply: DNS ID 4711 does not match query 17".
public struct ProbeFailure: Sendable, Equatable, Codable, Error, CustomStringConvertible {
    public enum Reason: String, Sendable, Equatable, Codable, CaseIterable {
        /// The name did not resolve.
        case unresolvable
        /// No answer in time.
        case timeout
        /// Connection refused, port unreachable.
        case refused
        /// No route, host or network unreachable (ICMP error, EHOSTUNREACH, ENETUNREACH).
        case unreachable
        /// An answer came that does not follow the protocol.
        case badReply = "bad_reply"
        /// The TLS handshake failed, or the certificate is untrusted, expired, for another
        /// name, or expires sooner than allowed.
        case tls
        /// A valid answer that is not the expected one: HTTP status, body regex, DNS rcode
        /// or answers.
        case unexpectedAnswer = "unexpected_answer"
        /// The probe could not run here (bad option, socket refused by the system).
        case setup
    }

    public var reason: Reason
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}

/// Round-trip statistics of one run, microseconds. Standard deviation is the population
/// form, as ping's mdev; the median is type-7 (see docs/probe-math.md).
public struct RTTSummary: Sendable, Equatable, Codable {
    public var minMicros: Double
    public var medianMicros: Double
    public var meanMicros: Double
    public var maxMicros: Double
    public var stddevMicros: Double

    public init(minMicros: Double, medianMicros: Double, meanMicros: Double, maxMicros: Double, stddevMicros: Double) {
        self.minMicros = minMicros
        self.medianMicros = medianMicros
        self.meanMicros = meanMicros
        self.maxMicros = maxMicros
        self.stddevMicros = stddevMicros
    }
}

/// UDP jitter results in IP SLA's terms: per direction, and voice quality.
public struct JitterSummary: Sendable, Equatable, Codable {
    public struct Direction: Sendable, Equatable, Codable {
        public var received: Int
        public var lost: Int
        /// RFC 3550 interarrival jitter after the last packet, microseconds.
        public var jitterMicros: Double
        /// IP SLA positive / negative delay variation: sums and counts.
        public var positiveSumMicros: Int64
        public var positiveCount: Int
        public var negativeSumMicros: Int64
        public var negativeCount: Int
        /// Mean one-way delay, microseconds, only when both clocks are trusted to agree
        /// (same host, or `--trust-clocks`); nil otherwise.
        public var oneWayDelayMicros: Double?

        public init(
            received: Int, lost: Int, jitterMicros: Double, positiveSumMicros: Int64 = 0, positiveCount: Int = 0,
            negativeSumMicros: Int64 = 0, negativeCount: Int = 0, oneWayDelayMicros: Double? = nil
        ) {
            self.received = received
            self.lost = lost
            self.jitterMicros = jitterMicros
            self.positiveSumMicros = positiveSumMicros
            self.positiveCount = positiveCount
            self.negativeSumMicros = negativeSumMicros
            self.negativeCount = negativeCount
            self.oneWayDelayMicros = oneWayDelayMicros
        }
    }

    public var sourceToDestination: Direction
    public var destinationToSource: Direction
    /// Answers that came after their packet's timeout (counted lost, as IP SLA's "late").
    public var late: Int
    /// Packets whose answer arrived after a later sequence's.
    public var outOfSequence: Int
    /// The codec name the voice scores are for ("G.711").
    public var codec: String
    public var rating: Double
    public var mos: Double
    public var icpif: Double

    public init(
        sourceToDestination: Direction, destinationToSource: Direction, late: Int, outOfSequence: Int,
        codec: String, rating: Double, mos: Double, icpif: Double
    ) {
        self.sourceToDestination = sourceToDestination
        self.destinationToSource = destinationToSource
        self.late = late
        self.outOfSequence = outOfSequence
        self.codec = codec
        self.rating = rating
        self.mos = mos
        self.icpif = icpif
    }
}

public struct DNSSummary: Sendable, Equatable, Codable {
    /// The server asked, as an address and port ("127.0.0.1:53").
    public var server: String
    public var recordType: String
    /// "NOERROR", "NXDOMAIN", "SERVFAIL", ... or "RCODEnn".
    public var rcode: String?
    /// Answer-section records in text form: "192.0.2.1", "10 mail.example.", "\"v=spf1\"".
    public var answers: [String]
    /// The authoritative-answer bit.
    public var authoritative: Bool
    /// True when the UDP answer was truncated and the query was repeated over TCP (or
    /// TCP was asked for).
    public var usedTCP: Bool
    /// Whether the expected answers were all present; nil when none were expected.
    public var expectedAnswersFound: Bool?

    public init(
        server: String, recordType: String, rcode: String?, answers: [String] = [], authoritative: Bool = false,
        usedTCP: Bool = false, expectedAnswersFound: Bool? = nil
    ) {
        self.server = server
        self.recordType = recordType
        self.rcode = rcode
        self.answers = answers
        self.authoritative = authoritative
        self.usedTCP = usedTCP
        self.expectedAnswersFound = expectedAnswersFound
    }
}

/// One HTTP(S) request's phases, in blackbox_exporter's terms, plus TLS facts.
public struct HTTPSummary: Sendable, Equatable, Codable {
    public var statusCode: Int?
    /// Name resolution, TCP connect, TLS handshake, request sent → first response byte,
    /// first byte → end of body. Microseconds; nil for a phase that did not happen.
    public var resolveMicros: Int64?
    public var connectMicros: Int64?
    public var tlsMicros: Int64?
    public var firstByteMicros: Int64?
    public var transferMicros: Int64?
    /// From the start of resolution to the end of the body.
    public var totalMicros: Int64?
    public var bodyBytes: Int
    /// Whether the body matched the regex; nil when none was given.
    public var bodyMatched: Bool?
    public var tls: TLSSummary?

    public init(
        statusCode: Int? = nil, resolveMicros: Int64? = nil, connectMicros: Int64? = nil, tlsMicros: Int64? = nil,
        firstByteMicros: Int64? = nil, transferMicros: Int64? = nil, totalMicros: Int64? = nil, bodyBytes: Int = 0,
        bodyMatched: Bool? = nil, tls: TLSSummary? = nil
    ) {
        self.statusCode = statusCode
        self.resolveMicros = resolveMicros
        self.connectMicros = connectMicros
        self.tlsMicros = tlsMicros
        self.firstByteMicros = firstByteMicros
        self.transferMicros = transferMicros
        self.totalMicros = totalMicros
        self.bodyBytes = bodyBytes
        self.bodyMatched = bodyMatched
        self.tls = tls
    }
}

public struct TLSSummary: Sendable, Equatable, Codable {
    /// "TLSv1.3", "TLSv1.2".
    public var version: String?
    public var leafSubject: String?
    public var leafIssuer: String?
    /// The earliest notAfter over the presented chain (what expires first breaks the site),
    /// and the days from the run's start to it (negative when already expired).
    public var earliestExpiry: Date?
    public var daysLeft: Double?
    /// The leaf certificate names the host asked for (RFC 6125 rules, SAN first).
    public var hostnameVerified: Bool
    /// The chain leads to a trusted root (system store plus `caFile`) and is in date.
    public var chainVerified: Bool
    /// Why the chain or name did not verify, when it did not.
    public var verificationError: String?

    public init(
        version: String? = nil, leafSubject: String? = nil, leafIssuer: String? = nil, earliestExpiry: Date? = nil,
        daysLeft: Double? = nil, hostnameVerified: Bool, chainVerified: Bool, verificationError: String? = nil
    ) {
        self.version = version
        self.leafSubject = leafSubject
        self.leafIssuer = leafIssuer
        self.earliestExpiry = earliestExpiry
        self.daysLeft = daysLeft
        self.hostnameVerified = hostnameVerified
        self.chainVerified = chainVerified
        self.verificationError = verificationError
    }
}
