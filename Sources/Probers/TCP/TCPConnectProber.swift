import Analytics
import Foundation
import NIOCore
import NIOPosix
import NetsightModel
import Synchronization

/// TCP connect prober (blackbox_exporter's `tcp` module without a query, IP SLA's
/// `tcp-connect`): `spec.count` connection attempts `spec.spacing` apart; each attempt's
/// sample is the time from connect() to the handshake completing, and the connection is
/// closed at once. Succeeds when at least one attempt connected; when none did, the
/// failure is the last attempt's.
public struct TCPConnectProber: Prober {
    private let eventLoopGroup: any EventLoopGroup

    public init(eventLoopGroup: any EventLoopGroup) {
        self.eventLoopGroup = eventLoopGroup
    }

    public func run(_ spec: ProbeSpec, scheduledAt: Date?) async -> ProbeResult {
        let startedAt = Date()
        let start = MonotonicMicros.now()
        guard case .tcp = spec.options else {
            return .failedBeforeSending(
                spec, scheduledAt: scheduledAt, startedAt: startedAt,
                failure: ProbeFailure(.setup, "TCP prober given a \(spec.kind.rawValue) probe"))
        }
        let address: SocketAddress
        do throws(ProbeFailure) {
            let endpoint = try ProbeEndpoint(parsing: spec.target, defaultPort: nil)
            address = try await ProbeResolver.resolve(endpoint.host, port: endpoint.port, timeout: spec.timeout)
        } catch {
            return .failedBeforeSending(spec, scheduledAt: scheduledAt, startedAt: startedAt, failure: error)
        }

        var samples: [ProbeSample] = []
        var lastFailure: ProbeFailure?
        for index in 0..<spec.count {
            if index > 0 {
                let wait = start + Int64(index) * spec.spacing.microseconds - MonotonicMicros.now()
                if wait > 0 {
                    do { try await Task.sleep(for: .microseconds(wait)) } catch { break }
                }
            }
            let (sample, failure) = await attempt(index, to: address, timeout: spec.timeout)
            samples.append(sample)
            if let failure { lastFailure = failure }
        }
        let connected = samples.contains { $0.receivedMicros != nil }
        return ProbeResult(
            spec: spec, address: address.ipAddress, scheduledAt: scheduledAt, startedAt: startedAt,
            durationMicros: MonotonicMicros.now() - start, samples: samples, success: connected,
            failure: connected ? nil : (lastFailure ?? ProbeFailure(.timeout, "no attempt made")))
    }

    /// One connection: its sample (received = handshake done) and, when it failed, why.
    private func attempt(
        _ index: Int, to address: SocketAddress, timeout: Duration
    ) async -> (ProbeSample, ProbeFailure?) {
        // The clock starts when NIO initialises the channel, just before it registers and
        // calls connect(2): hopping onto the event loop is not part of the network's time.
        let initialised = Atomic<Int64>(0)
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(.microseconds(max(1, timeout.microseconds)))
            .channelInitializer { channel in
                initialised.store(MonotonicMicros.now(), ordering: .relaxed)
                return channel.eventLoop.makeSucceededVoidFuture()
            }
        let requested = MonotonicMicros.now()
        do {
            // Stamped on the event loop as the connect completes, before the hop back to
            // this task, which on a busy pool can take longer than the handshake.
            let (channel, connected) = try await bootstrap.connect(to: address)
                .map { ($0, MonotonicMicros.now()) }.get()
            let started = initialised.load(ordering: .relaxed)
            let sent = started > 0 ? started : requested
            try? await channel.close()
            return (ProbeSample(sequence: index, sentMicros: sent, receivedMicros: connected), nil)
        } catch {
            return (
                ProbeSample(sequence: index, sentMicros: requested, receivedMicros: nil),
                TCPConnectFailure.classify(error, timeout: timeout)
            )
        }
    }
}
