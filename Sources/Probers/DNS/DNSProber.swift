import Analytics
import Foundation
import NIOCore
import NetsightModel
import ProbeCodec

/// Asks a DNS server one question per attempt and times the answer, like `dig` but with a
/// success rule (rcode, expected answers) and Smokeping-style bursts.
///
/// Each attempt has its own random ID and socket; a reply counts only when it comes from
/// the server and carries the query's ID and question. A truncated UDP answer is asked
/// again over TCP within the same attempt, and the sample is the time of both.
public struct DNSProber: Prober {
    private let eventLoopGroup: any EventLoopGroup

    public init(eventLoopGroup: any EventLoopGroup) {
        self.eventLoopGroup = eventLoopGroup
    }

    /// What one attempt came to.
    struct Attempt: Sendable {
        var sequence: Int
        var sentMicros: Int64
        var receivedMicros: Int64?
        var outcome: Result<(message: DNSMessage, usedTCP: Bool), ProbeFailure>
    }

    public func run(_ spec: ProbeSpec, scheduledAt: Date?) async -> ProbeResult {
        let startedAt = Date()
        let startMicros = MonotonicMicros.now()
        guard case .dns(let options) = spec.options else {
            return .failedBeforeSending(
                spec, scheduledAt: scheduledAt, startedAt: startedAt,
                failure: ProbeFailure(.setup, "not a DNS probe: \(spec.kind.rawValue)"))
        }
        let question: DNSQuestion
        do {
            question = try Self.question(spec.target, options: options)
        } catch {
            return .failedBeforeSending(spec, scheduledAt: scheduledAt, startedAt: startedAt, failure: error)
        }
        let server: SocketAddress
        do {
            let endpoint = try ProbeEndpoint(parsing: options.server, defaultPort: 53)
            server = try await ProbeResolver.resolve(endpoint.host, port: endpoint.port, timeout: spec.timeout)
        } catch {
            return .failedBeforeSending(spec, scheduledAt: scheduledAt, startedAt: startedAt, failure: error)
        }
        let address = server.ipAddress ?? "\(server)"
        let serverText = ProbeEndpoint(host: address, port: server.port ?? 53).description

        let attempts = await withTaskGroup(of: Attempt.self) { group in
            for sequence in 0..<spec.count {
                group.addTask {
                    if sequence > 0 { try? await Task.sleep(for: spec.spacing * sequence) }
                    return await attempt(sequence, question: question, server: server, spec: spec, options: options)
                }
            }
            var all: [Attempt] = []
            for await one in group { all.append(one) }
            return all.sorted { $0.sequence < $1.sequence }
        }

        let samples = attempts.map {
            ProbeSample(sequence: $0.sequence, sentMicros: $0.sentMicros, receivedMicros: $0.receivedMicros)
        }
        var summary = DNSSummary(server: serverText, recordType: question.type.description, rcode: nil)
        var failure: ProbeFailure?
        var firstError: ProbeFailure?
        var answered = false
        for attempt in attempts {
            switch attempt.outcome {
            case .success(let reply):
                let verdict = DNSVerdict.judge(reply.message, options: options, server: serverText, usedTCP: reply.usedTCP)
                // The first reply that breaks the rule is the one shown; otherwise the last.
                if failure == nil {
                    summary = verdict.summary
                    failure = verdict.failure
                }
                answered = true
            case .failure(let why):
                firstError = firstError ?? why
            }
        }
        if !answered { failure = firstError }
        return ProbeResult(
            spec: spec, address: address, scheduledAt: scheduledAt, startedAt: startedAt,
            durationMicros: MonotonicMicros.now() - startMicros, samples: samples, success: failure == nil,
            failure: failure
        ).with(dns: summary)
    }

    /// The question the options ask, or a setup failure naming the bad part.
    static func question(_ name: String, options: DNSProbeOptions) throws(ProbeFailure) -> DNSQuestion {
        guard let type = DNSRecordType(mnemonic: options.recordType) else {
            throw ProbeFailure(.setup, "unknown record type \(options.recordType) (write a mnemonic or TYPEnnn)")
        }
        guard DNSRcode.code(options.expectedRcode) != nil else {
            throw ProbeFailure(.setup, "unknown rcode \(options.expectedRcode)")
        }
        do {
            return try DNSQuestion(name: name, type: type)
        } catch {
            throw ProbeFailure(.setup, "bad name: \(error)")
        }
    }

    /// One query: UDP first (unless `tcpOnly`), TCP again when the UDP answer is truncated,
    /// all within one `spec.timeout`.
    private func attempt(
        _ sequence: Int, question: DNSQuestion, server: SocketAddress, spec: ProbeSpec, options: DNSProbeOptions
    ) async -> Attempt {
        let id = UInt16.random(in: 0...UInt16.max)
        let timeoutMessage = "timeout after \(spec.timeout.milliseconds) ms"
        let sent = MonotonicMicros.now()
        let deadline = sent + spec.timeout.microseconds
        func remaining() -> TimeAmount { .microseconds(max(0, deadline - MonotonicMicros.now())) }
        let query: [UInt8]
        do {
            query = try DNSQuery.encode(
                id: id, name: question.name, type: question.type, recursionDesired: options.recursionDesired)
        } catch {
            return Attempt(sequence: sequence, sentMicros: sent, outcome: .failure(ProbeFailure(.setup, "bad name: \(error)")))
        }
        let checkTCP = { (bytes: [UInt8]) in DNSReplyCheck.check(bytes, id: id, question: question) }
        let checkUDP = { (bytes: [UInt8]) in DNSReplyCheck.check(bytes, id: id, question: question, overUDP: true) }
        var usedTCP = options.tcpOnly
        var reply: Result<DNSMessage, ProbeFailure>
        if options.tcpOnly {
            reply = await DNSTransport.tcp(
                group: eventLoopGroup, server: server, query: query, within: remaining(), check: checkTCP,
                timeoutMessage: timeoutMessage)
        } else {
            reply = await DNSTransport.udp(
                group: eventLoopGroup, server: server, query: query, within: remaining(), check: checkUDP,
                timeoutMessage: timeoutMessage)
            if case .success(let message) = reply, message.header.truncated {
                usedTCP = true
                reply = await DNSTransport.tcp(
                    group: eventLoopGroup, server: server, query: query, within: remaining(), check: checkTCP,
                    timeoutMessage: timeoutMessage)
            }
        }
        let received = MonotonicMicros.now()
        switch reply {
        case .success(let message):
            return Attempt(sequence: sequence, sentMicros: sent, receivedMicros: received, outcome: .success((message, usedTCP)))
        case .failure(let why):
            return Attempt(sequence: sequence, sentMicros: sent, outcome: .failure(why))
        }
    }
}

extension DNSProber.Attempt {
    init(sequence: Int, sentMicros: Int64, outcome: Result<(message: DNSMessage, usedTCP: Bool), ProbeFailure>) {
        self.init(sequence: sequence, sentMicros: sentMicros, receivedMicros: nil, outcome: outcome)
    }
}

extension ProbeResult {
    fileprivate func with(dns summary: DNSSummary) -> ProbeResult {
        var copy = self
        copy.dns = summary
        return copy
    }
}
