import ArgumentParser
import Logging
import NIOPosix
import Probers
import ServiceLifecycle
import UnixSignals

/// `netsight responder`: answers UDP jitter probes, like Cisco's `ip sla responder`, on a
/// host at the far end of a path. Runs until SIGINT or SIGTERM.
struct ResponderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "responder", abstract: "Answer `netsight probe udp-jitter` packets (IP SLA responder).")

    @Option(help: "ADDR[:PORT] to listen on (IPv6 as [ADDR]:PORT); port \(UDPJitterResponder.defaultPort) by default.")
    var listen: String = "0.0.0.0"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        let endpoint: ProbeEndpoint
        do {
            endpoint = try ProbeEndpoint(parsing: listen, defaultPort: UDPJitterResponder.defaultPort)
        } catch {
            throw ValidationError("--listen: \(error.message)")
        }
        var logger = Logger(label: "netsight.responder")
        logger.logLevel = logLevel
        let responder = UDPJitterResponder(
            host: endpoint.host, port: endpoint.port, eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: responder)], gracefulShutdownSignals: [.sigterm, .sigint],
                cancellationSignals: [], logger: logger))
        do {
            try await group.run()
        } catch {
            logger.error("responder stopped", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
    }
}
