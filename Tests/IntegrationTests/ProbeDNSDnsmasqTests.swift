import Foundation
import NIOPosix
import NetsightModel
import Probers
import Testing

/// The DNS prober against a real dnsmasq: the answers it reports are the records the
/// server was configured with, in dig's text form.
@Suite(.serialized) struct ProbeDNSDnsmasqTests {
    static let bigTXT = (1...30).map { "record-\($0)-abcdefghijklmnopqrstuvwxyz0123456789" }

    static let records = [
        "--host-record=www.test.netsight,192.0.2.10,2001:db8::10",
        "--host-record=multi.test.netsight,192.0.2.21",
        "--host-record=multi.test.netsight,192.0.2.22",
        "--txt-record=txt.test.netsight,v=spf1 -all,second string",
        "--mx-host=test.netsight,mail.test.netsight,10",
        "--mx-host=test.netsight,backup.test.netsight,20",
        "--cname=alias.test.netsight,www.test.netsight",
        "--srv-host=_sip._udp.test.netsight,sip.test.netsight,5060,1,2",
    ] + bigTXT.map { "--txt-record=big.test.netsight,\($0)" }

    private let prober = DNSProber(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)

    private func spec(
        _ name: String, server: String, type: String = "A", expected: [String] = [], rcode: String = "NOERROR",
        tcpOnly: Bool = false, count: Int = 1
    ) -> ProbeSpec {
        ProbeSpec(
            id: "dns-\(name)-\(type)", target: name,
            options: .dns(
                DNSProbeOptions(
                    server: server, recordType: type, tcpOnly: tcpOnly, expectedAnswers: expected, expectedRcode: rcode)),
            count: count, spacing: .milliseconds(50), timeout: .seconds(2))
    }

    @Test func answersAreWhatWasConfigured() async throws {
        guard let peer = try DnsmasqPeer(records: Self.records) else { return }
        defer { peer.stop() }
        let cases: [(name: String, type: String, answers: [String])] = [
            ("www.test.netsight", "A", ["192.0.2.10"]),
            ("www.test.netsight", "AAAA", ["2001:db8::10"]),
            ("multi.test.netsight", "A", ["192.0.2.21", "192.0.2.22"]),
            ("txt.test.netsight", "TXT", ["\"v=spf1 -all\" \"second string\""]),
            ("test.netsight", "MX", ["10 mail.test.netsight.", "20 backup.test.netsight."]),
            ("alias.test.netsight", "A", ["www.test.netsight.", "192.0.2.10"]),
            ("alias.test.netsight", "CNAME", ["www.test.netsight."]),
            ("_sip._udp.test.netsight", "SRV", ["1 2 5060 sip.test.netsight."]),
        ]
        for c in cases {
            let result = await prober.run(spec(c.name, server: peer.server, type: c.type, expected: c.answers), scheduledAt: nil)
            #expect(result.success, "\(c.name) \(c.type): \(result.failure?.message ?? "")")
            #expect(result.failure == nil)
            #expect(result.address == "127.0.0.1")
            let dns = try #require(result.dns, "\(c.name) \(c.type)")
            #expect(Set(dns.answers) == Set(c.answers), "\(c.name) \(c.type)")
            #expect(dns.answers.count == c.answers.count)
            #expect(dns.rcode == "NOERROR")
            #expect(dns.server == peer.server)
            #expect(dns.recordType == c.type)
            #expect(dns.authoritative)
            #expect(!dns.usedTCP)
            #expect(dns.expectedAnswersFound == true)
            #expect(result.sent == 1 && result.received == 1)
            #expect((result.samplesMicros.first ?? nil).map { $0 > 0 && $0 < 2_000_000 } == true)
        }
    }

    @Test func burstCountsEveryAttempt() async throws {
        guard let peer = try DnsmasqPeer(records: Self.records) else { return }
        defer { peer.stop() }
        let result = await prober.run(spec("www.test.netsight", server: peer.server, count: 4), scheduledAt: nil)
        #expect(result.success)
        #expect(result.sent == 4)
        #expect(result.received == 4)
        #expect(result.samplesMicros.count == 4)
        #expect(result.samplesMicros.allSatisfy { $0 != nil })
        let rtt = try #require(result.rtt)
        #expect(rtt.minMicros > 0 && rtt.maxMicros < 2_000_000)
    }

    @Test func wrongExpectedAnswerFailsNamingBoth() async throws {
        guard let peer = try DnsmasqPeer(records: Self.records) else { return }
        defer { peer.stop() }
        let result = await prober.run(
            spec("www.test.netsight", server: peer.server, expected: ["192.0.2.99"]), scheduledAt: nil)
        #expect(!result.success)
        #expect(result.failure == ProbeFailure(.unexpectedAnswer, "expected answer 192.0.2.99 not found; got 192.0.2.10"))
        #expect(result.dns?.expectedAnswersFound == false)
        #expect(result.received == 1)
    }

    @Test func unknownNameIsNXDOMAIN() async throws {
        guard let peer = try DnsmasqPeer(records: Self.records) else { return }
        defer { peer.stop() }
        let plain = await prober.run(spec("nope.test.netsight", server: peer.server), scheduledAt: nil)
        #expect(!plain.success)
        #expect(plain.failure == ProbeFailure(.unexpectedAnswer, "rcode NXDOMAIN, expected NOERROR"))
        #expect(plain.dns?.rcode == "NXDOMAIN")
        #expect(plain.dns?.answers == [])

        let wanted = await prober.run(spec("nope.test.netsight", server: peer.server, rcode: "NXDOMAIN"), scheduledAt: nil)
        #expect(wanted.success, "\(wanted.failure?.message ?? "")")
        #expect(wanted.dns?.rcode == "NXDOMAIN")
    }

    /// 30 TXT records of 48 bytes do not fit 512 bytes: dnsmasq sets TC on UDP, and the
    /// prober asks again over TCP and gets all of them.
    @Test func truncatedAnswerFallsBackToTCP() async throws {
        guard let peer = try DnsmasqPeer(records: Self.records) else { return }
        defer { peer.stop() }
        let expected = Self.bigTXT.map { "\"\($0)\"" }
        let result = await prober.run(spec("big.test.netsight", server: peer.server, type: "TXT", expected: expected), scheduledAt: nil)
        #expect(result.success, "\(result.failure?.message ?? "")")
        let dns = try #require(result.dns)
        #expect(dns.usedTCP)
        #expect(dns.answers.count == 30)
        #expect(Set(dns.answers) == Set(expected))
        #expect(dns.expectedAnswersFound == true)
    }

    @Test func tcpOnlyAsksOverTCP() async throws {
        guard let peer = try DnsmasqPeer(records: Self.records) else { return }
        defer { peer.stop() }
        let result = await prober.run(
            spec("test.netsight", server: peer.server, type: "MX", expected: ["10 mail.test.netsight"], tcpOnly: true, count: 2),
            scheduledAt: nil)
        #expect(result.success, "\(result.failure?.message ?? "")")
        #expect(result.dns?.usedTCP == true)
        #expect(result.received == 2)
        #expect(Set(result.dns?.answers ?? []) == ["10 mail.test.netsight.", "20 backup.test.netsight."])
    }

    /// Nothing listens on the port: the connected UDP socket gets the ICMP port
    /// unreachable as ECONNREFUSED, well before the timeout.
    @Test func closedPortIsRefused() async throws {
        let port = Peers.freeUDPPort()
        let started = Date()
        let result = await prober.run(spec("www.test.netsight", server: "127.0.0.1:\(port)"), scheduledAt: nil)
        #expect(!result.success)
        #expect(result.failure == ProbeFailure(.refused, "connection refused"))
        #expect(Date().timeIntervalSince(started) < 1.5)
        let tcp = await prober.run(spec("www.test.netsight", server: "127.0.0.1:\(port)", tcpOnly: true), scheduledAt: nil)
        #expect(tcp.failure?.reason == .refused)
    }
}
