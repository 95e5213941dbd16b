import Foundation
import NIOPosix
import NetsightModel
import ProbeCodec
import Probers
import Testing

/// Bad replies a real server will not send, from a small UDP socket in the test.
@Suite(.serialized) struct ProbeDNSFakeServerTests {
    private let prober = DNSProber(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)

    private func spec(_ server: String, timeout: Duration = .milliseconds(800)) -> ProbeSpec {
        ProbeSpec(
            id: "dns-fake", target: "www.test.netsight", options: .dns(DNSProbeOptions(server: server)), count: 1,
            timeout: timeout)
    }

    /// A well-formed authoritative answer to `query` with one A record, `id` in the header.
    static func answer(to query: [UInt8], id: UInt16) -> [UInt8] {
        var m = query
        m[0] = UInt8(id >> 8)
        m[1] = UInt8(id & 0xFF)
        m[2] |= 0x84
        m[7] = 1
        m += [0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 10]
        return m
    }

    static func id(_ bytes: [UInt8]) -> UInt16 { UInt16(bytes[0]) << 8 | UInt16(bytes[1]) }

    @Test func silentServerTimesOut() async throws {
        let fake = try FakeDNSServer { _ in [] }
        defer { fake.stop() }
        let started = Date()
        let result = await prober.run(spec(fake.server, timeout: .milliseconds(500)), scheduledAt: nil)
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.failure == ProbeFailure(.timeout, "timeout after 500 ms"))
        #expect(result.samplesMicros == [nil])
        #expect(result.sent == 1 && result.received == 0)
        #expect(elapsed >= 0.45 && elapsed < 1.5, "took \(elapsed) s")
        #expect(fake.queries.value.count == 1)
    }

    @Test func wrongIDIsReportedAfterTheTimeout() async throws {
        let fake = try FakeDNSServer { query in [Self.answer(to: query, id: Self.id(query) &+ 1)] }
        defer { fake.stop() }
        let result = await prober.run(spec(fake.server, timeout: .milliseconds(500)), scheduledAt: nil)
        let query = try #require(fake.queries.value.first)
        let asked = Self.id(query)
        #expect(
            result.failure
                == ProbeFailure(.badReply, "bad reply: reply ID \(asked &+ 1) does not match query \(asked)"))
        #expect(result.received == 0)
    }

    /// A stray reply first, then the real one: the stray is ignored, not fatal.
    @Test func wrongIDThenRightIDSucceeds() async throws {
        let fake = try FakeDNSServer { query in
            [Self.answer(to: query, id: Self.id(query) &+ 7), Self.answer(to: query, id: Self.id(query))]
        }
        defer { fake.stop() }
        let result = await prober.run(spec(fake.server), scheduledAt: nil)
        #expect(result.success, "\(result.failure?.message ?? "")")
        #expect(result.dns?.answers == ["192.0.2.10"])
    }

    @Test func compressionLoopIsBadReply() async throws {
        let fake = try FakeDNSServer { query in
            var reply = Self.answer(to: query, id: Self.id(query))
            // The answer's name: a pointer to itself.
            let at = query.count
            reply[at] = 0xC0 | UInt8(at >> 8)
            reply[at + 1] = UInt8(at & 0xFF)
            return [reply]
        }
        defer { fake.stop() }
        let started = Date()
        let result = await prober.run(spec(fake.server, timeout: .seconds(2)), scheduledAt: nil)
        let at = fake.queries.value.first?.count ?? 0
        #expect(
            result.failure
                == ProbeFailure(.badReply, "bad reply: compression pointer at byte \(at) points to \(at), not to an earlier byte"))
        #expect(Date().timeIntervalSince(started) < 1, "a broken reply with our ID ends the attempt at once")
    }

    /// A loop made of backward pointers only: the answer's name is label "x" then a
    /// pointer back to that label.
    @Test func backwardCompressionLoopIsBadReply() async throws {
        let fake = try FakeDNSServer { query in
            var reply = query
            reply[2] |= 0x84
            reply[7] = 1
            let at = query.count
            reply += [1, 0x78, 0xC0 | UInt8(at >> 8), UInt8(at & 0xFF), 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 10]
            return [reply]
        }
        defer { fake.stop() }
        let result = await prober.run(spec(fake.server), scheduledAt: nil)
        let at = fake.queries.value.first?.count ?? 0
        #expect(result.failure == ProbeFailure(.badReply, "bad reply: compression loop: pointer at byte \(at + 2) returns to \(at)"))
    }

    @Test func garbageWithOurIDIsBadReply() async throws {
        let fake = try FakeDNSServer { query in [Array(query[0..<2]) + [0xDE, 0xAD, 0xBE, 0xEF, 0x00]] }
        defer { fake.stop() }
        let result = await prober.run(spec(fake.server), scheduledAt: nil)
        #expect(result.failure == ProbeFailure(.badReply, "bad reply: message truncated at byte 6 (1 more bytes needed)"))
    }

    /// Random bytes (whatever ID they happen to carry) never crash the prober and never
    /// count as an answer.
    @Test func randomGarbageNeverAnswers() async throws {
        let fake = try FakeDNSServer { query in
            (0..<5).map { _ in
                var junk = (0..<Int.random(in: 0..<100)).map { _ in UInt8.random(in: 0...255) }
                if junk.count >= 2, Bool.random() { junk[0] = query[0]; junk[1] = query[1] }
                return junk
            }
        }
        defer { fake.stop() }
        let result = await prober.run(spec(fake.server, timeout: .milliseconds(400)), scheduledAt: nil)
        #expect(!result.success)
        // Junk with our ID and the TC bit set is retried over TCP, which this UDP-only fake
        // refuses: also a clear result.
        #expect(
            [.badReply, .timeout, .refused].contains(result.failure?.reason), "\(String(describing: result.failure))")
        #expect(result.received == 0)
    }
}
