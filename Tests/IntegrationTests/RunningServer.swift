import Collectors
import Foundation
import Logging
import NetsightServer
import Storage

/// `netsight serve` running in-process on ephemeral loopback ports with its own data
/// directory, for tests that feed it real exporters.
final class RunningServer: @unchecked Sendable {
    let application: NetsightApplication
    let task: Task<Void, any Error>
    let dataDirectory: String
    let netflowPort: Int
    let httpPort: Int
    /// The sFlow listener's port, when the configuration enables one (it is off by default).
    let sflowPort: Int?

    init(dataDirectory: String, configure: (inout NetsightConfiguration) -> Void = { _ in }) async throws {
        var config = NetsightConfiguration()
        config.dataDirectory = dataDirectory
        config.netflowListen = .init(host: "127.0.0.1", port: 0)
        config.sflowListen = nil
        // Off unless a test turns it on: tests must not hold (or fight over) UDP 162.
        config.trapsListen = nil
        config.httpListen = .init(host: "127.0.0.1", port: 0)
        configure(&config)
        var logger = Logger(label: "test-serve")
        logger.logLevel = .warning
        let app = NetsightApplication(configuration: config, logger: logger)
        application = app
        self.dataDirectory = dataDirectory
        task = Task { try await app.run(signals: []) }
        guard let nf = await app.netflowBound.wait(), let http = await app.httpBound.wait() else {
            task.cancel()
            throw ToolError(message: "netsight did not start listening")
        }
        netflowPort = nf.port
        httpPort = http.port
        sflowPort = await app.sflowBound.wait()?.port
    }

    var engine: FlowQueryEngine { FlowQueryEngine(directory: dataDirectory + "/flows") }

    /// Graceful shutdown, as SIGTERM would do it: listeners stop, the store drains and flushes.
    func stop() async throws {
        await application.shutdown()
        try await task.value
    }
}
