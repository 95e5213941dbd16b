import Analytics
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NetsightModel
import X509

/// HTTP(S) probe in blackbox_exporter's terms: one request per attempt, timed by phase
/// (resolve, connect, TLS, first byte, transfer), judged by status, body regex and the
/// TLS facts. Redirects are not followed: the status of the URL asked for is reported.
///
/// The TLS handshake accepts any certificate and records it; trust, name and expiry are
/// checked afterwards with swift-certificates, so an expired or misnamed certificate is a
/// result that says so (and `insecure` probes still get the facts), not a bare handshake
/// error.
public struct HTTPProber: Prober {
    private let group: any EventLoopGroup
    private let tlsContext: Result<NIOSSLContext, ProbeFailure>

    public init(eventLoopGroup: any EventLoopGroup) {
        group = eventLoopGroup
        var configuration = TLSConfiguration.makeClientConfiguration()
        // Verification is on so BoringSSL calls the custom callback, which accepts all;
        // no trust roots are loaded here, as the callback never uses them.
        configuration.certificateVerification = .noHostnameVerification
        configuration.trustRoots = .certificates([])
        do {
            tlsContext = .success(try NIOSSLContext(configuration: configuration))
        } catch {
            tlsContext = .failure(ProbeFailure(.setup, "TLS setup: \(error)"))
        }
    }

    /// Uses NIO's shared event loop group.
    public init() { self.init(eventLoopGroup: MultiThreadedEventLoopGroup.singleton) }

    public func run(_ spec: ProbeSpec, scheduledAt: Date?) async -> ProbeResult {
        let startedAt = Date()
        let runStart = MonotonicMicros.now()
        guard case .http(let options) = spec.options else {
            return .failedBeforeSending(
                spec, scheduledAt: scheduledAt, startedAt: startedAt,
                failure: ProbeFailure(.setup, "HTTP prober given a \(spec.kind.rawValue) probe"))
        }
        let url: HTTPProbeURL
        let regex: Regex<AnyRegexOutput>?
        var anchors: [Certificate] = []
        do throws(ProbeFailure) {
            url = try HTTPProbeURL(parsing: spec.target)
            regex = try Self.compile(options.bodyRegex)
            if let caFile = options.caFile { anchors = try TLSCertificateInspector.loadAnchors(pemFile: caFile) }
            if url.useTLS, case .failure(let failure) = tlsContext { throw failure }
            if options.method.isEmpty || !options.method.allSatisfy({ $0.isASCII && $0.isLetter }) {
                throw ProbeFailure(.setup, "HTTP method '\(options.method)' is not a token")
            }
            if options.method == "HEAD", options.bodyRegex != nil {
                throw ProbeFailure(.setup, "body regex cannot be used with method HEAD (HEAD responses have no body)")
            }
        } catch {
            return .failedBeforeSending(spec, scheduledAt: scheduledAt, startedAt: startedAt, failure: error)
        }

        var samples: [ProbeSample] = []
        var lastSummary: HTTPSummary?
        var lastFailure: ProbeFailure?
        var address: String?
        for sequence in 0..<spec.count {
            if sequence > 0 {
                let due = runStart + spec.spacing.microseconds * Int64(sequence)
                let wait = due - MonotonicMicros.now()
                if wait > 0 { try? await Task.sleep(for: .microseconds(wait)) }
            }
            let attempt = HTTPProbeAttempt(
                url: url, options: options, group: group, tlsContext: try? tlsContext.get(), timeout: spec.timeout)
            var outcome = await attempt.run()
            address = outcome.address ?? address
            if outcome.failure == nil {
                outcome.failure = await judge(&outcome, url: url, options: options, regex: regex, anchors: anchors, now: startedAt)
            }
            // An attempt counts as answered when a whole response came, even one judged
            // bad: its total time is still a measurement of the server.
            let answered = outcome.summary.totalMicros != nil
            samples.append(
                ProbeSample(
                    sequence: sequence, sentMicros: outcome.startMicros,
                    receivedMicros: answered ? outcome.startMicros + outcome.summary.totalMicros! : nil))
            lastSummary = outcome.summary
            if let failure = outcome.failure { lastFailure = failure }
        }
        var result = ProbeResult(
            spec: spec, address: address, scheduledAt: scheduledAt, startedAt: startedAt,
            durationMicros: MonotonicMicros.now() - runStart, samples: samples, success: lastFailure == nil,
            failure: lastFailure)
        result.http = lastSummary
        return result
    }

    /// Applies the success rules to a complete response: TLS facts first (a wrong
    /// certificate makes the content meaningless), then status, then body (the regex is still evaluated and reported).
    private func judge(
        _ outcome: inout HTTPProbeAttempt.Outcome, url: HTTPProbeURL, options: HTTPProbeOptions,
        regex: Regex<AnyRegexOutput>?, anchors: [Certificate], now: Date
    ) async -> ProbeFailure? {
        var failure: ProbeFailure?
        if url.useTLS {
            do throws(ProbeFailure) {
                let inspection = try await TLSCertificateInspector.inspect(
                    chainDER: outcome.peerChainDER, host: url.host, version: outcome.tlsVersion,
                    extraAnchors: anchors, now: now)
                outcome.summary.tls = inspection.summary
                failure = TLSFailureRule.failure(
                    for: inspection.summary, host: url.host, leafNames: inspection.leafNames,
                    insecure: options.insecure, minimumDays: options.minimumCertificateDays)
            } catch {
                return error
            }
        }
        if failure == nil, let status = outcome.summary.statusCode {
            let ok = options.expectedStatus.isEmpty ? (200...399).contains(status) : options.expectedStatus.contains(status)
            if !ok {
                let wanted = options.expectedStatus.isEmpty ? "200-399" : options.expectedStatus.map(String.init).joined(separator: ", ")
                failure = ProbeFailure(.unexpectedAnswer, "HTTP status \(status), expected \(wanted)")
            }
        }
        if let regex {
            let text = String(decoding: outcome.body, as: UTF8.self)
            let matched = (try? regex.firstMatch(in: text)) != nil
            outcome.summary.bodyMatched = matched
            if failure == nil && !matched {
                failure = ProbeFailure(.unexpectedAnswer, "body does not match /\(options.bodyRegex ?? "")/")
            }
        }
        return failure
    }

    static func compile(_ pattern: String?) throws(ProbeFailure) -> Regex<AnyRegexOutput>? {
        guard let pattern else { return nil }
        do { return try Regex(pattern) } catch {
            throw ProbeFailure(.setup, "body regex /\(pattern)/ is invalid: \(error)")
        }
    }
}
