import ArgumentParser
import Analytics
import Foundation
import NetsightModel
import Probers

/// `netsight probe KIND TARGET`: runs one probe burst now and prints the result, like
/// ping, fping -C or curl -w would, or as JSON (the API's result shape). The exit status
/// is 0 when the probe succeeded and 1 when it failed, so scripts and cron can use it.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Run one active probe (ICMP, TCP, UDP jitter, DNS, HTTP) and print the result.",
        subcommands: [
            ProbeICMPCommand.self, ProbeTCPCommand.self, ProbeUDPJitterCommand.self, ProbeDNSCommand.self,
            ProbeHTTPCommand.self,
        ])
}

/// The options every kind shares. Defaults differ per kind (see each command), so they
/// are optional here and filled in by the command.
struct ProbeRunOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Packets or attempts in the burst (1-10000).")
    var count: Int?

    @Option(name: [.short, .long], help: "Milliseconds between packets or attempts (1-60000).")
    var interval: Int?

    @Option(name: [.short, .long], help: "Milliseconds each packet or attempt waits for its answer (10-60000).")
    var timeout: Int = 2000

    @Flag(help: "Print the result as JSON (the shape of /api/v1/probes results).")
    var json = false

    @Flag(name: .customShort("4"), help: "Use IPv4 only.")
    var ipv4Only = false

    @Flag(name: .customShort("6"), help: "Use IPv6 only.")
    var ipv6Only = false

    func validate() throws {
        if let count, !(1...10_000).contains(count) { throw ValidationError("--count: expected 1...10000, got \(count)") }
        if let interval, !(1...60_000).contains(interval) {
            throw ValidationError("--interval: expected 1...60000 ms, got \(interval)")
        }
        guard (10...60_000).contains(timeout) else { throw ValidationError("--timeout: expected 10...60000 ms, got \(timeout)") }
        if ipv4Only && ipv6Only { throw ValidationError("-4 and -6 exclude each other") }
    }

    var family: ProbeAddressFamily { ipv4Only ? .ipv4 : ipv6Only ? .ipv6 : .any }

    /// Builds the spec, runs it with the standard probers, prints, and exits 1 on failure.
    func run(target: String, options: ProbeOptions, defaultCount: Int, defaultInterval: Int) async throws {
        let spec = ProbeSpec(
            id: "cli", target: target, options: options, count: count ?? defaultCount,
            spacing: .milliseconds(interval ?? defaultInterval), timeout: .milliseconds(timeout))
        let probers = ProberSet.standard()
        let result = await probers.run(spec, scheduledAt: nil)
        probers.close()
        let report = ProbeResultReport(result)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            FileHandle.standardOutput.write(try encoder.encode(report) + Data("\n".utf8))
        } else {
            FileHandle.standardOutput.write(Data(ProbeResultText.render(report).utf8))
        }
        if !result.success { throw ExitCode.failure }
    }
}

struct ProbeICMPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "icmp", abstract: "ICMP echo burst: RTT min/median/avg/max/stddev, loss, duplicates, reordering.")

    @Argument(help: "Host name or address (IPv4 or IPv6).")
    var host: String

    @Option(name: [.short, .long], help: "ICMP payload bytes (0-65000), as ping -s.")
    var size: Int = 56

    @OptionGroup var run: ProbeRunOptions

    func validate() throws {
        guard (0...65_000).contains(size) else { throw ValidationError("--size: expected 0...65000, got \(size)") }
    }

    func run() async throws {
        try await run.run(
            target: host, options: .icmp(ICMPProbeOptions(payloadSize: size, family: run.family)), defaultCount: 5,
            defaultInterval: 1000)
    }
}

struct ProbeTCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tcp", abstract: "TCP connect: connect time; refused, unreachable or timeout.")

    @Argument(help: "HOST:PORT ([ADDR]:PORT for IPv6).")
    var target: String

    @OptionGroup var run: ProbeRunOptions

    func run() async throws {
        try await run.run(target: target, options: .tcp, defaultCount: 1, defaultInterval: 1000)
    }
}

struct ProbeUDPJitterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "udp-jitter",
        abstract: "UDP jitter against `netsight responder`: RTT, jitter and loss per direction, MOS and ICPIF.")

    @Argument(help: "HOST:PORT of a `netsight responder` (its default port is \(UDPJitterResponder.defaultPort)).")
    var target: String

    @Option(help: "Voice codec for MOS and ICPIF: g711, g711plc or g729a.")
    var codec: String = "g711"

    @Option(name: [.short, .long], help: "UDP payload bytes per packet (64-65000).")
    var size: Int = 172

    @Flag(help: "Report one-way delays: only when both clocks agree (same host, PTP).")
    var trustClocks = false

    @OptionGroup var run: ProbeRunOptions

    func validate() throws {
        guard VoiceCodec.udpJitterOptions.contains(where: { $0.name == codec.lowercased() }) else {
            throw ValidationError("--codec: expected \(VoiceCodec.udpJitterOptionNames), got \(codec)")
        }
        guard (64...65_000).contains(size) else { throw ValidationError("--size: expected 64...65000, got \(size)") }
    }

    func run() async throws {
        // 10 packets 20 ms apart: IP SLA's udp-jitter default.
        try await run.run(
            target: target,
            options: .udpJitter(UDPJitterProbeOptions(
                codec: codec.lowercased(), payloadSize: size, family: run.family, trustClocks: trustClocks)),
            defaultCount: 10, defaultInterval: 20)
    }
}

struct ProbeDNSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dns", abstract: "DNS query over UDP with TCP fallback: time, rcode, answers, expected answers.")

    @Argument(help: "The name to look up.")
    var name: String

    @Option(help: "The server to ask, HOST[:PORT] (port 53 by default).")
    var server: String

    @Option(help: "Record type: A, AAAA, MX, TXT, NS, CNAME, SOA, SRV, PTR, CAA or TYPEnnn.")
    var type: String = "A"

    @Flag(help: "Query over TCP from the start.")
    var tcp = false

    @Flag(help: "Clear the recursion-desired bit (ask an authoritative server).")
    var noRecurse = false

    @Option(help: "An answer that must be present, as printed (repeat for several).")
    var expect: [String] = []

    @Option(help: "The rcode that counts as success (NOERROR, NXDOMAIN, ...).")
    var expectRcode: String = "NOERROR"

    @OptionGroup var run: ProbeRunOptions

    func run() async throws {
        try await run.run(
            target: name,
            options: .dns(DNSProbeOptions(
                server: server, recordType: type.uppercased(), tcpOnly: tcp, recursionDesired: !noRecurse,
                expectedAnswers: expect, expectedRcode: expectRcode.uppercased())),
            defaultCount: 1, defaultInterval: 1000)
    }
}

struct ProbeHTTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "HTTP(S) request: DNS, connect, TLS, first byte and total times; status, body; certificate checks.")

    @Argument(help: "http:// or https:// URL.")
    var url: String

    @Option(help: "Request method.")
    var method: String = "GET"

    @Option(help: "A status that counts as success (repeat for several; default 200-399).")
    var expectStatus: [Int] = []

    @Option(help: "A regular expression the body must match.")
    var bodyRegex: String?

    @Option(help: "PEM file of extra trusted CA certificates.")
    var caFile: String?

    @Flag(help: "Do not fail on an untrusted, expired or wrong-name certificate (still reported).")
    var insecure = false

    @Option(help: "Fail when the certificate chain expires within this many days.")
    var minCertDays: Int?

    @Option(name: .customLong("header"), help: "An extra request header, \"Name: value\" (repeat for several).")
    var headers: [String] = []

    @OptionGroup var run: ProbeRunOptions

    func validate() throws {
        for h in headers where !h.contains(":") { throw ValidationError("--header: expected \"Name: value\", got \(h)") }
        if let bodyRegex {
            do { _ = try Regex(bodyRegex) } catch { throw ValidationError("--body-regex: not a regular expression: \(error)") }
        }
        for s in expectStatus where !(100...599).contains(s) {
            throw ValidationError("--expect-status: expected 100...599, got \(s)")
        }
    }

    func run() async throws {
        var parsed: [String: String] = [:]
        for h in headers {
            let parts = h.split(separator: ":", maxSplits: 1)
            parsed[String(parts[0]).trimmingCharacters(in: .whitespaces)] =
                String(parts.count > 1 ? parts[1] : "").trimmingCharacters(in: .whitespaces)
        }
        try await run.run(
            target: url,
            options: .http(HTTPProbeOptions(
                method: method.uppercased(), expectedStatus: expectStatus, bodyRegex: bodyRegex, caFile: caFile,
                insecure: insecure, minimumCertificateDays: minCertDays.map(Double.init), family: run.family,
                headers: parsed)),
            defaultCount: 1, defaultInterval: 1000)
    }
}
