import Foundation
import NetsightModel

/// A probe result as people and scripts read it: milliseconds instead of microseconds,
/// ISO 8601 times, camelCase keys, absent sections omitted. The one JSON shape of a result,
/// for `netsight probe --json` and for the API, so scripts written against one work
/// against the other.
public struct ProbeResultReport: Encodable, Sendable, Equatable {
    public struct Failure: Encodable, Sendable, Equatable {
        public var reason: String
        public var message: String
    }

    public struct RTT: Encodable, Sendable, Equatable {
        public var minMs: Double
        public var medianMs: Double
        public var avgMs: Double
        public var maxMs: Double
        public var stddevMs: Double
    }

    public struct Direction: Encodable, Sendable, Equatable {
        public var received: Int
        public var lost: Int
        public var jitterMs: Double
        /// Mean positive / negative delay variation between consecutive packets (IP SLA).
        public var positiveAvgMs: Double?
        public var negativeAvgMs: Double?
        public var oneWayDelayMs: Double?
    }

    public struct Jitter: Encodable, Sendable, Equatable {
        public var codec: String
        public var mos: Double
        public var icpif: Double
        public var rating: Double
        public var late: Int
        public var outOfSequence: Int
        public var sourceToDestination: Direction
        public var destinationToSource: Direction
    }

    public struct DNS: Encodable, Sendable, Equatable {
        public var server: String
        public var type: String
        public var rcode: String?
        public var answers: [String]
        public var authoritative: Bool
        public var usedTCP: Bool
        public var expectedAnswersFound: Bool?
    }

    public struct TLS: Encodable, Sendable, Equatable {
        public var version: String?
        public var subject: String?
        public var issuer: String?
        public var earliestExpiry: String?
        public var daysLeft: Double?
        public var hostnameVerified: Bool
        public var chainVerified: Bool
        public var verificationError: String?
    }

    public struct HTTP: Encodable, Sendable, Equatable {
        public var statusCode: Int?
        public var resolveMs: Double?
        public var connectMs: Double?
        public var tlsMs: Double?
        public var firstByteMs: Double?
        public var transferMs: Double?
        public var totalMs: Double?
        public var bodyBytes: Int
        public var bodyMatched: Bool?
        public var tls: TLS?
    }

    public var probe: String
    public var kind: String
    public var target: String
    public var address: String?
    public var scheduledAt: String?
    public var startedAt: String
    public var durationMs: Double
    public var success: Bool
    public var failure: Failure?
    public var sent: Int
    public var received: Int
    public var lossPercent: Double
    public var duplicates: Int
    public var outOfOrder: Int
    public var rtt: RTT?
    /// Per packet or attempt in sequence order, null when it got no answer.
    public var samplesMs: [Double?]
    public var jitter: Jitter?
    public var dns: DNS?
    public var http: HTTP?

    public init(_ r: ProbeResult) {
        probe = r.probeID
        kind = r.kind.rawValue
        target = r.target
        address = r.address
        scheduledAt = r.scheduledAt.map(Self.iso)
        startedAt = Self.iso(r.startedAt)
        durationMs = Self.ms(r.durationMicros)
        success = r.success
        failure = r.failure.map { Failure(reason: $0.reason.rawValue, message: $0.message) }
        sent = r.sent
        received = r.received
        lossPercent = Self.round(r.lossPercent)
        duplicates = r.duplicates
        outOfOrder = r.outOfOrder
        rtt = r.rtt.map {
            RTT(minMs: Self.ms($0.minMicros), medianMs: Self.ms($0.medianMicros), avgMs: Self.ms($0.meanMicros),
                maxMs: Self.ms($0.maxMicros), stddevMs: Self.ms($0.stddevMicros))
        }
        samplesMs = r.samplesMicros.map { $0.map(Self.ms) }
        jitter = r.jitter.map { j in
            Jitter(
                codec: j.codec, mos: Self.round(j.mos), icpif: Self.round(j.icpif), rating: Self.round(j.rating),
                late: j.late, outOfSequence: j.outOfSequence, sourceToDestination: Self.direction(j.sourceToDestination),
                destinationToSource: Self.direction(j.destinationToSource))
        }
        dns = r.dns.map {
            DNS(server: $0.server, type: $0.recordType, rcode: $0.rcode, answers: $0.answers,
                authoritative: $0.authoritative, usedTCP: $0.usedTCP, expectedAnswersFound: $0.expectedAnswersFound)
        }
        http = r.http.map { h in
            HTTP(
                statusCode: h.statusCode, resolveMs: h.resolveMicros.map(Self.ms), connectMs: h.connectMicros.map(Self.ms),
                tlsMs: h.tlsMicros.map(Self.ms), firstByteMs: h.firstByteMicros.map(Self.ms),
                transferMs: h.transferMicros.map(Self.ms), totalMs: h.totalMicros.map(Self.ms), bodyBytes: h.bodyBytes,
                bodyMatched: h.bodyMatched,
                tls: h.tls.map { t in
                    TLS(version: t.version, subject: t.leafSubject, issuer: t.leafIssuer,
                        earliestExpiry: t.earliestExpiry.map(Self.iso), daysLeft: t.daysLeft.map(Self.round),
                        hostnameVerified: t.hostnameVerified, chainVerified: t.chainVerified,
                        verificationError: t.verificationError)
                })
        }
    }

    private static func direction(_ d: JitterSummary.Direction) -> Direction {
        Direction(
            received: d.received, lost: d.lost, jitterMs: ms(d.jitterMicros),
            positiveAvgMs: d.positiveCount > 0 ? ms(Double(d.positiveSumMicros) / Double(d.positiveCount)) : nil,
            negativeAvgMs: d.negativeCount > 0 ? ms(Double(d.negativeSumMicros) / Double(d.negativeCount)) : nil,
            oneWayDelayMs: d.oneWayDelayMicros.map(ms))
    }

    /// Microseconds to milliseconds, to the microsecond.
    static func ms(_ micros: Int64) -> Double { Double(micros) / 1000 }
    static func ms(_ micros: Double) -> Double { (micros).rounded() / 1000 }
    static func round(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }

    /// 2026-11-28T04:15:39.123Z
    public static func iso(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
