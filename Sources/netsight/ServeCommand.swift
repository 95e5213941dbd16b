import ArgumentParser
import Foundation
import Logging
import NetsightServer

/// `netsight serve`: collect, store and serve. With no `--config`, the embedded default.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Receive flows, store them, and serve the JSON API and /metrics.",
        discussion: """
            Without --config: NetFlow v5/v9 and IPFIX on UDP 2055, sFlow v5 on UDP 6343, \
            HTTP on 127.0.0.1:8080, data in ./netsight-data. SIGINT or SIGTERM flush what \
            is buffered and stop cleanly. See docs/configuration.md for the YAML keys.
            """)

    @Option(name: .long, help: "YAML configuration file.")
    var config: String?

    @Option(name: .long, help: "Data directory (overrides the configuration's data_dir).")
    var dataDir: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        var configuration = try loadConfiguration(path: config)
        if let dataDir { configuration.dataDirectory = dataDir }
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = logLevel
            return h
        }
        var logger = Logger(label: "netsight")
        logger.logLevel = logLevel
        do {
            try await NetsightApplication(configuration: configuration, logger: logger).run()
        } catch {
            printError("netsight serve: \(error)")
            throw ExitCode.failure
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Reads and validates a configuration file, or returns the default for nil.
func loadConfiguration(path: String?) throws -> NetsightConfiguration {
    guard let path else { return NetsightConfiguration() }
    let text: String
    do {
        text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        printError("netsight: cannot read configuration \(path): \((error as NSError).localizedDescription)")
        throw ExitCode.failure
    }
    do {
        return try NetsightConfiguration.parse(yaml: text, file: path)
    } catch {
        printError("netsight: \(error)")
        throw ExitCode.failure
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
