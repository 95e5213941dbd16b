import Analytics
import Foundation
import NIOCore
import NIOPosix
import NetsightModel
import ProbeCodec
import Synchronization
import Testing

@testable import Probers

/// The prober against the real responder on loopback, and against small fakes for what a
/// real responder never does (noise, foreign tokens, late and doubled answers).
/// In IntegrationTests because it bounds RTT, jitter and run time on the real clock: the
/// parallel unit tests can starve this 2-core machine for seconds.
@Suite(.serialized)
struct UDPJitterProberTests {
    static let group = MultiThreadedEventLoopGroup.singleton

    static func spec(
        _ target: String, count: Int = 20, spacing: Duration = .milliseconds(10), timeout: Duration = .seconds(1),
        codec: String = "g711", trustClocks: Bool = true
    ) -> ProbeSpec {
        ProbeSpec(
            id: "jitter", target: target,
            options: .udpJitter(UDPJitterProbeOptions(codec: codec, trustClocks: trustClocks)),
            count: count, spacing: spacing, timeout: timeout)
    }

    /// Runs `body` with a responder listening on `host`, stopped afterwards.
    static func withResponder(
        host: String, _ body: (UDPJitterResponder, Int) async throws -> Void
    ) async throws {
        let responder = UDPJitterResponder(host: host, port: 0, eventLoopGroup: group)
        let task = Task { try await responder.run() }
        defer { task.cancel() }
        let port = try #require(await responder.boundPort())
        try await body(responder, port)
        task.cancel()
        _ = await task.result
    }

    @Test func loopbackResponderNoLossSmallJitter() async throws {
        try await Self.withResponder(host: "127.0.0.1") { responder, port in
            let result = await UDPJitterProber(eventLoopGroup: Self.group).run(Self.spec("127.0.0.1:\(port)"), scheduledAt: nil)
            #expect(result.success, "\(String(describing: result.failure))")
            #expect(result.address == "127.0.0.1")
            #expect(result.sent == 20)
            #expect(result.received == 20)
            #expect(result.lossPercent == 0)
            #expect(result.samplesMicros.count == 20)
            #expect(responder.answered == 20)
            #expect(responder.rejected == 0)
            let rtt = try #require(result.rtt)
            #expect(rtt.medianMicros > 0 && rtt.medianMicros < 5_000)
            let jitter = try #require(result.jitter)
            for direction in [jitter.sourceToDestination, jitter.destinationToSource] {
                #expect(direction.received == 20)
                #expect(direction.lost == 0)
                #expect(direction.jitterMicros < 2_000)
                // Same host, so the one-way delay is real: loopback plus the event loops.
                let oneWay = try #require(direction.oneWayDelayMicros)
                #expect(oneWay > -1_000 && oneWay < 5_000)
            }
            #expect(jitter.late == 0)
            #expect(jitter.codec == "G.711")
            #expect(jitter.mos > 4.3)
            #expect(jitter.icpif < 2)
        }
    }

    @Test func ipv6LoopbackResponder() async throws {
        try await Self.withResponder(host: "::1") { responder, port in
            let result = await UDPJitterProber(eventLoopGroup: Self.group).run(
                Self.spec("[::1]:\(port)", count: 5, trustClocks: false), scheduledAt: nil)
            #expect(result.success, "\(String(describing: result.failure))")
            #expect(result.address == "::1")
            #expect(result.received == 5)
            #expect(responder.answered == 5)
            #expect(result.jitter?.sourceToDestination.oneWayDelayMicros == nil)
        }
    }

    @Test func absentResponderIsAllLossAndTimeoutWithinItsBound() async throws {
        let port = try Self.closedUDPPort()
        let spec = Self.spec("127.0.0.1:\(port)", count: 5, spacing: .milliseconds(20), timeout: .milliseconds(300))
        let clock = ContinuousClock()
        let started = clock.now
        let result = await UDPJitterProber(eventLoopGroup: Self.group).run(spec, scheduledAt: nil)
        let took = clock.now - started
        #expect(!result.success)
        #expect(result.failure?.reason == .timeout)
        #expect(result.failure?.message == "timeout after 300 ms")
        #expect(result.sent == 5)
        #expect(result.received == 0)
        #expect(result.lossPercent == 100)
        #expect(result.samplesMicros == [nil, nil, nil, nil, nil])
        #expect(result.jitter == nil)
        // timeout + count × spacing, plus 300 ms for a busy machine.
        #expect(took < .milliseconds(300 + 5 * 20 + 300))
        #expect(took >= .milliseconds(300 + 4 * 20))
    }

    @Test func garbageAnswersAreABadReply() async throws {
        try await Self.withFake({ _ in [(delay: .zero, bytes: (0..<60).map { _ in UInt8.random(in: 0...255) })] }) { port in
            let result = await UDPJitterProber(eventLoopGroup: Self.group).run(
                Self.spec("127.0.0.1:\(port)", count: 3, timeout: .milliseconds(300)), scheduledAt: nil)
            #expect(!result.success)
            #expect(result.failure?.reason == .badReply)
            let message = result.failure?.message ?? ""
            #expect(message.hasPrefix("bad reply: magic 0x"), "\(message)")
            #expect(message.hasSuffix("(and 2 more invalid datagrams)"), "\(message)")
            #expect(result.received == 0)
        }
    }

    @Test func foreignTokenIsABadReply() async throws {
        try await Self.withFake({ request in
            var other = request
            other.token &+= 1
            return [(delay: .zero, bytes: other.reply(receivedMicros: 1, sentMicros: 2).encoded())]
        }) { port in
            let result = await UDPJitterProber(eventLoopGroup: Self.group).run(
                Self.spec("127.0.0.1:\(port)", count: 2, timeout: .milliseconds(300)), scheduledAt: nil)
            #expect(result.failure?.reason == .badReply)
            #expect(result.failure?.message.contains("does not match") == true, "\(String(describing: result.failure))")
        }
    }

    /// Sequence 0 answered after its timeout (late), 1 answered twice (duplicate), 2
    /// answered 150 ms late but in time, so after 3 and 4 (out of sequence).
    @Test func lateDuplicateAndOutOfSequenceAnswers() async throws {
        try await Self.withFake({ request in
            let reply = request.reply(receivedMicros: 10, sentMicros: 20).encoded()
            switch request.sequence {
            case 0: return [(delay: .milliseconds(500), bytes: reply)]
            case 1: return [(delay: .zero, bytes: reply), (delay: .milliseconds(5), bytes: reply)]
            case 2: return [(delay: .milliseconds(150), bytes: reply)]
            default: return [(delay: .zero, bytes: reply)]
            }
        }) { port in
            let result = await UDPJitterProber(eventLoopGroup: Self.group).run(
                Self.spec("127.0.0.1:\(port)", count: 10, spacing: .milliseconds(50), timeout: .milliseconds(300), trustClocks: false),
                scheduledAt: nil)
            #expect(result.success)
            #expect(result.received == 9)
            #expect(result.samplesMicros[0] == nil)
            #expect(result.duplicates == 1)
            #expect(result.outOfOrder == 1)
            let jitter = try #require(result.jitter)
            #expect(jitter.late == 1)
            #expect(jitter.outOfSequence == 1)
            #expect(jitter.sourceToDestination.received == 10)
            #expect(jitter.destinationToSource.lost == 1)
        }
    }

    @Test func unknownCodecIsASetupFailureNamingTheValidOnes() async {
        let result = await UDPJitterProber(eventLoopGroup: Self.group).run(
            Self.spec("127.0.0.1:9", codec: "opus"), scheduledAt: nil)
        #expect(result.failure?.reason == .setup)
        #expect(result.failure?.message == "unknown codec 'opus': use one of g711, g711plc, g729a")
        #expect(result.sent == 0)
    }

    @Test func codecNamesAsReportsPrintThemAreAccepted() throws {
        #expect(try VoiceCodec.udpJitterOption("G.729A") == .g729A)
        #expect(try VoiceCodec.udpJitterOption("g711plc") == .g711PLC)
    }

    /// Noise and replies sent to the responder are counted and never answered.
    @Test func responderIgnoresWhatIsNotARequest() async throws {
        try await Self.withResponder(host: "127.0.0.1") { responder, port in
            let sizes = ReceivedSizes()
            let client = try await DatagramBootstrap(group: Self.group)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(CountingHandler(sizes: sizes))
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
            defer { client.close(promise: nil) }
            let target = try SocketAddress(ipAddress: "127.0.0.1", port: port)
            let reply = UDPJitterPacket(kind: .reply, token: 1, sequence: 0, sourceSentMicros: 0).encoded()
            for bytes in [[UInt8](repeating: 0x41, count: 100), [0x4E], reply, Array(reply.prefix(47))] {
                try await client.writeAndFlush(AddressedEnvelope(remoteAddress: target, data: ByteBuffer(bytes: bytes)))
            }
            let request = UDPJitterPacket(kind: .request, token: 1, sequence: 0, sourceSentMicros: 0, size: 300).encoded()
            try await client.writeAndFlush(AddressedEnvelope(remoteAddress: target, data: ByteBuffer(bytes: request)))
            let deadline = ContinuousClock.now + .seconds(2)
            while (responder.answered + responder.rejected < 5 || sizes.values.isEmpty) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            try await Task.sleep(for: .milliseconds(50))
            #expect(responder.rejected == 4)
            #expect(responder.answered == 1)
            #expect(sizes.values == [300])
        }
    }

    @Test func responderOnABusyPortFailsToStart() async throws {
        try await Self.withResponder(host: "127.0.0.1") { _, port in
            let second = UDPJitterResponder(host: "127.0.0.1", port: port, eventLoopGroup: Self.group)
            await #expect(throws: UDPJitterResponderError.self) { try await second.run() }
            #expect(await second.boundPort() == nil)
        }
    }

    // MARK: - Fakes

    /// A port nothing listens on: bound by the system, then released.
    static func closedUDPPort() throws -> Int {
        let channel = try DatagramBootstrap(group: group).bind(host: "127.0.0.1", port: 0).wait()
        let port = channel.localAddress?.port ?? 9
        try channel.close().wait()
        return port
    }

    /// A responder that answers each request (or any datagram, for noise) as `answer` says.
    static func withFake(
        _ answer: @escaping @Sendable (UDPJitterPacket) -> [(delay: TimeAmount, bytes: [UInt8])],
        _ body: (Int) async throws -> Void
    ) async throws {
        let channel = try await DatagramBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(FakeResponder(answer: answer))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        defer { channel.close(promise: nil) }
        try await body(try #require(channel.localAddress?.port))
    }
}

final class FakeResponder: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let answer: @Sendable (UDPJitterPacket) -> [(delay: TimeAmount, bytes: [UInt8])]

    init(answer: @escaping @Sendable (UDPJitterPacket) -> [(delay: TimeAmount, bytes: [UInt8])]) { self.answer = answer }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = Self.unwrapInboundIn(data)
        guard let request = try? UDPJitterPacket(decoding: envelope.data.readableBytesView) else { return }
        let channel = context.channel
        for (delay, bytes) in answer(request) {
            let reply = AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: ByteBuffer(bytes: bytes))
            channel.eventLoop.scheduleTask(in: delay) { channel.writeAndFlush(reply, promise: nil) }
        }
    }
}

final class CountingHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let sizes: ReceivedSizes

    init(sizes: ReceivedSizes) { self.sizes = sizes }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let size = Self.unwrapInboundIn(data).data.readableBytes
        sizes.box.withLock { $0.append(size) }
    }
}

final class ReceivedSizes: Sendable {
    let box = Mutex<[Int]>([])
    var values: [Int] { box.withLock { $0 } }
}
