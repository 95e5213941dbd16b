import Analytics
import Foundation
import NIOCore
import NIOPosix
import NetsightModel
import ProbeCodec

/// IP SLA's udp-jitter operation against a `UDPJitterResponder`: `spec.count` packets
/// `spec.spacing` apart from one ephemeral socket, each carrying T1 and coming back with
/// the responder's T2 and T3, so loss, jitter and (with trusted clocks) delay are known
/// for each direction separately, and the voice quality they imply is rated.
///
/// The run ends when every packet has been answered, or `spec.timeout` after the last
/// send, whichever comes first: at most (count − 1) × spacing + timeout. Success rule: at
/// least one valid reply in time.
public struct UDPJitterProber: Prober {
    let eventLoopGroup: any EventLoopGroup

    public init(eventLoopGroup: any EventLoopGroup) {
        self.eventLoopGroup = eventLoopGroup
    }

    /// On NIO's shared event loops: what the CLI and targets that do not import NIO use.
    public init() {
        self.init(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
    }

    public func run(_ spec: ProbeSpec, scheduledAt: Date?) async -> ProbeResult {
        let startedAt = Date()
        func failed(_ failure: ProbeFailure, address: String? = nil) -> ProbeResult {
            .failedBeforeSending(spec, scheduledAt: scheduledAt, startedAt: startedAt, failure: failure, address: address)
        }
        guard case .udpJitter(let options) = spec.options else {
            return failed(ProbeFailure(.setup, "not a udp-jitter probe: \(spec.kind.rawValue)"))
        }
        let codec: VoiceCodec
        let address: SocketAddress
        do throws(ProbeFailure) {
            codec = try VoiceCodec.udpJitterOption(options.codec)
            let sizes = UDPJitterPacket.headerSize...UDPJitterPacket.maximumSize
            guard sizes.contains(options.payloadSize) else {
                throw ProbeFailure(
                    .setup, "payload size \(options.payloadSize) is outside \(sizes.lowerBound)-\(sizes.upperBound) bytes")
            }
            guard spec.count <= Int(UInt32.max) else { throw ProbeFailure(.setup, "count \(spec.count) is too large") }
            let endpoint = try ProbeEndpoint(parsing: spec.target, defaultPort: nil)
            address = try await ProbeResolver.resolve(
                endpoint.host, port: endpoint.port, family: options.family, timeout: spec.timeout)
        } catch {
            return failed(error)
        }
        let addressText = address.ipAddress

        let run: UDPJitterRun
        let channel: any Channel
        do {
            let loop = eventLoopGroup.next()
            run = UDPJitterRun(
                state: UDPJitterRunState(
                    token: UInt64.random(in: .min ... .max), count: spec.count, timeoutMicros: spec.timeout.microseconds),
                packetSize: options.payloadSize, done: loop.makePromise())
            channel = try await DatagramBootstrap(group: loop)
                // A reply is as big as the request; room for one more byte than that
                // still shows an oversized answer as what it is instead of cutting it.
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: max(2048, options.payloadSize + 1)))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(UDPJitterReplyHandler(run: run))
                    }
                }
                .bind(host: address.protocol == .inet6 ? "::" : "0.0.0.0", port: 0).get()
        } catch {
            return failed(ProbeFailure(.setup, "cannot open a UDP socket: \(error)"), address: addressText)
        }

        schedule(run, on: channel, to: address, count: spec.count, spacing: spec.spacing, timeout: spec.timeout)
        await withTaskCancellationHandler {
            try? await run.future.get()
        } onCancel: {
            run.finish()
        }
        try? await channel.close().get()

        let state = run.state
        let durationMicros = Int64(Date().timeIntervalSince(startedAt) * 1e6)
        let failure = Self.failure(state, spec: spec, target: address)
        var result = ProbeResult(
            spec: spec, address: addressText, scheduledAt: scheduledAt, startedAt: startedAt,
            durationMicros: durationMicros, samples: state.probeSamples, success: failure == nil, failure: failure)
        let samples = state.samples
        let analysis = UDPJitterAnalysis(samples: samples)
        // Ordering is judged on arrival (T4), not on T1 + RTT as the generic builder does.
        result.outOfOrder = analysis.roundTrip.outOfOrder
        if state.received > 0 {
            result.jitter = JitterSummary(
                samples: samples, analysis: analysis, late: state.late, codec: codec, trustClocks: options.trustClocks)
        }
        return result
    }

    /// Puts every send on the socket's event loop at its due time (the loop's timers are
    /// far steadier than a task's sleep on a busy cooperative pool), and the deadline
    /// `timeout` after the last one.
    private func schedule(
        _ run: UDPJitterRun, on channel: any Channel, to address: SocketAddress, count: Int, spacing: Duration,
        timeout: Duration
    ) {
        let loop = channel.eventLoop
        let start = NIODeadline.now()
        let spacingMicros = spacing.microseconds
        for sequence in 0..<count {
            let due = start + .microseconds(spacingMicros * Int64(sequence))
            loop.scheduleTask(deadline: due) {
                guard let packet = run.request(sequence) else { return }
                let bytes = packet.encoded()
                var buffer = channel.allocator.buffer(capacity: bytes.count)
                buffer.writeBytes(bytes)
                channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: buffer)).whenFailure { error in
                    run.sendFailed(error)
                }
                if sequence == count - 1 {
                    loop.scheduleTask(in: .microseconds(timeout.microseconds)) { run.finish() }
                }
            }
        }
    }

    /// nil when at least one valid reply came in time; otherwise the most telling reason:
    /// garbage beats silence (something answers, wrongly), a send error beats a plain timeout.
    static func failure(_ state: UDPJitterRunState, spec: ProbeSpec, target: SocketAddress) -> ProbeFailure? {
        guard state.received == 0 else { return nil }
        if let garbage = state.firstGarbage {
            let others = state.garbage > 1 ? " (and \(state.garbage - 1) more invalid datagrams)" : ""
            return ProbeFailure(.badReply, "bad reply: \(garbage)\(others)")
        }
        if let error = state.sendError, state.sendErrors >= state.records.count {
            return ProbeFailure(.unreachable, "cannot send to \(UDPJitterReplyHandler.text(target)): \(error)")
        }
        let late = state.late > 0 ? " (\(state.late) replies came late)" : ""
        return ProbeFailure(.timeout, "timeout after \(spec.timeout.milliseconds) ms\(late)")
    }
}
