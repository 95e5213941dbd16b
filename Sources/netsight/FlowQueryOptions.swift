import Analytics
import ArgumentParser
import Foundation
import NetsightServer
import Storage

/// The options `flows top|series|matrix` share. They become the same name/value pairs the
/// HTTP API takes, so both accept the same words and report the same errors.
struct FlowQueryOptions: ParsableArguments {
    @Option(name: .long, help: "Group by: srcip, dstip, srcnet, dstnet, srcport, dstport, proto, srcas, dstas, exporter, inif, outif, srcsite, dstsite. Repeat or comma-separate for several.")
    var by: [String] = []

    @Option(name: .long, help: "bytes, packets or flows.")
    var metric: String = "bytes"

    @Option(name: .long, help: "Window ending now, e.g. 15m, 1h, 7d (default 1h).")
    var last: String?

    @Option(name: .long, help: "Window start: epoch seconds or UTC time like 2026-11-27T10:00:00Z.")
    var from: String?

    @Option(name: .long, help: "Window end (default now).")
    var to: String?

    @Option(name: .long, help: "nfdump-style filter, e.g. 'proto tcp and dst port 443'.")
    var filter: String?

    @Option(name: .long, help: "Rows to show (0 for all).")
    var limit: Int?

    @Option(name: .long, help: "overlap (a flow active in the window counts) or nfdump (only flows wholly inside it, like nfdump -t).")
    var window: String?

    @Option(name: .long, help: "table, json or csv.")
    var format: OutputFormat = .table

    @Option(name: .long, help: "Data directory (default: the configuration's, else ./netsight-data).")
    var dataDir: String?

    @Option(name: .long, help: "Configuration file, for its data_dir.")
    var config: String?

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    func pairs(extra: [(String, String)] = []) -> [(String, String)] {
        var p: [(String, String)] = by.map { ("by", $0) }
        p.append(("metric", metric))
        if let last { p.append(("last", last)) }
        if let from { p.append(("from", from)) }
        if let to { p.append(("to", to)) }
        if let filter { p.append(("filter", filter)) }
        if let limit { p.append(("limit", String(limit))) }
        if let window { p.append(("window", window)) }
        return p + extra
    }

    func request(extra: [(String, String)] = []) throws -> FlowRequest {
        do {
            return try FlowRequest(parameters: pairs(extra: extra), now: SystemClock.nowMillis())
        } catch {
            throw ValidationError("--\(error.parameter): \(error.problem)")
        }
    }

    func engine() throws -> FlowQueryEngine {
        let configuration = try loadConfiguration(path: config)
        let path = dataDir ?? configuration.dataDirectory
        do {
            let dir = try DataDirectory.existing(path: path)
            // Rollups answer long windows; without the database, raw scans answer everything.
            let metadata = FileManager.default.fileExists(atPath: dir.metadataPath)
                ? try? MetadataStore(path: dir.metadataPath) : nil
            var engine = FlowQueryEngine(directory: dir.flowsDirectory, metadata: metadata)
            engine.exporterNames = configuration.exporterNamesByAddress
            return engine
        } catch {
            printError("netsight: \(error)")
            throw ExitCode.failure
        }
    }

    func emit(json value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
