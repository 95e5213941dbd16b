import Analytics
import Foundation
import NetsightModel
import ProbeCodec

#if canImport(Glibc)
import Glibc
#endif

/// ICMP echo ("ping") prober: a burst of `spec.count` echo requests `spec.spacing` apart,
/// each given `spec.timeout` to be answered. Succeeds when at least one reply came back.
///
/// One instance serves every ICMP probe of the process (2,000 targets × 5 packets every
/// 10 s is the design load): it shares one socket per address family and one receive
/// thread among all runs (see `ICMPEngine`). Call `close()` when done with it; the
/// sockets and thread live until then.
public final class ICMPProber: Prober {
    /// Which kind of ICMP socket to use.
    public enum SocketMode: Sendable {
        /// Raw when permitted, else a datagram ping socket.
        case automatic
        case raw
        /// The unprivileged Linux ping socket (needs net.ipv4.ping_group_range to include
        /// the process's group). It reports ICMP errors only through the socket error
        /// queue, which this prober does not read, so unreachable targets show as timeouts.
        case datagram
    }

    private let engine: ICMPEngine

    /// - Parameter socketMode: `.automatic` by default; tests force one kind.
    public init(socketMode: SocketMode = .automatic) {
        switch socketMode {
        case .automatic: engine = ICMPEngine(preferredMode: nil)
        case .raw: engine = ICMPEngine(preferredMode: .raw)
        case .datagram: engine = ICMPEngine(preferredMode: .datagram)
        }
    }

    /// "raw" or "datagram" for IPv4, once a run (or this call) has opened the sockets;
    /// nil when no IPv4 ICMP socket could be opened.
    public var ipv4SocketKind: String? { engine.mode(.v4)?.rawValue }

    /// Closes the sockets and stops the receive thread. Later runs fail with `.setup`.
    /// Idempotent; also done on deinit, since the receive thread would otherwise keep the
    /// sockets open for the life of the process.
    public func close() {
        engine.close()
    }

    deinit {
        engine.close()
    }

    /// The largest payload one IPv4 datagram can carry after the IPv4 and ICMP headers.
    static let maximumPayload = 65_507 - 8

    public func run(_ spec: ProbeSpec, scheduledAt: Date?) async -> ProbeResult {
        let startedAt = Date()
        let start = MonotonicMicros.now()
        guard case let .icmp(options) = spec.options else {
            return .failedBeforeSending(
                spec, scheduledAt: scheduledAt, startedAt: startedAt,
                failure: ProbeFailure(.setup, "ICMP prober given a \(spec.kind.rawValue) probe"))
        }
        guard (0...Self.maximumPayload).contains(options.payloadSize) else {
            return .failedBeforeSending(
                spec, scheduledAt: scheduledAt, startedAt: startedAt,
                failure: ProbeFailure(.setup, "payload size \(options.payloadSize) is not 0-\(Self.maximumPayload)"))
        }
        let target: ICMPTargetAddress
        do throws(ProbeFailure) {
            let resolved = try await ProbeResolver.resolve(
                spec.target, port: 0, family: options.family, timeout: spec.timeout)
            guard let t = ICMPTargetAddress(resolved) else {
                throw ProbeFailure(.unresolvable, "\(spec.target) resolved to \(resolved), not an IP address")
            }
            target = t
        } catch {
            return .failedBeforeSending(spec, scheduledAt: scheduledAt, startedAt: startedAt, failure: error)
        }
        if let failure = engine.unavailable(target.version) {
            return .failedBeforeSending(
                spec, scheduledAt: scheduledAt, startedAt: startedAt, failure: failure, address: target.text)
        }

        let timeoutMicros = spec.timeout.microseconds
        let collector = ICMPRunCollector(count: spec.count, timeoutMicros: timeoutMicros)
        var keys: [ICMPReplyDemultiplexer<ICMPRunCollector>.Key] = []
        var setupFailure: ProbeFailure?
        var lastSent = start
        for index in 0..<spec.count {
            if index > 0 {
                let due = start + Int64(index) * spec.spacing.microseconds
                let wait = due - MonotonicMicros.now()
                if wait > 0 {
                    do { try await Task.sleep(for: .microseconds(wait)) } catch { break }
                }
            }
            do throws(ProbeFailure) {
                lastSent = MonotonicMicros.now()
                keys.append(try engine.send(index, of: collector, to: target, payloadSize: options.payloadSize))
            } catch {
                setupFailure = error
                break
            }
        }
        collector.sendingFinished(sentCount: keys.count)
        let remaining = lastSent + timeoutMicros - MonotonicMicros.now()
        let timer = Task {
            if remaining > 0 { try? await Task.sleep(for: .microseconds(remaining)) }
            collector.finish()
        }
        await collector.wait()
        timer.cancel()
        engine.unregister(keys)

        let outcome = collector.outcome()
        let received = outcome.samples.contains { $0.receivedMicros != nil }
        var failure: ProbeFailure?
        if !received {
            failure = setupFailure ?? Self.failure(
                error: outcome.firstError, sendError: outcome.firstSendError, timeout: spec.timeout,
                sent: outcome.samples.count)
        }
        return ProbeResult(
            spec: spec, address: target.text, scheduledAt: scheduledAt, startedAt: startedAt,
            durationMicros: MonotonicMicros.now() - start, samples: outcome.samples, success: received,
            failure: failure)
    }

    /// Why a run with no reply failed: an ICMP error first (it says the most), then a
    /// refused send, else a timeout.
    static func failure(
        error: ICMPRunCollector.ErrorSeen?, sendError: Int32?, timeout: Duration, sent: Int
    ) -> ProbeFailure {
        if let error {
            // Unreachable and time exceeded both mean the echo cannot get there; the message
            // keeps the ICMP type and code for people.
            let reason = ProbeFailure.Reason.unreachable
            return ProbeFailure(reason, "\(error.report) from \(error.from)")
        }
        if let sendError {
            let text = String(cString: strerror(sendError))
            switch sendError {
            case EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL, EHOSTDOWN, ENETDOWN:
                return ProbeFailure(.unreachable, "sending echo request: \(text)")
            default:
                return ProbeFailure(.setup, "sending echo request: \(text)")
            }
        }
        return ProbeFailure(.timeout, "timeout after \(timeout.milliseconds) ms (no reply to \(sent) echo requests)")
    }
}
