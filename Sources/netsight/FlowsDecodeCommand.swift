import ArgumentParser
import FlowCodec
import Foundation
import NetsightModel

/// `netsight flows decode`: decode captured datagrams offline, to inspect an exporter.
///
/// Files are read in order and share one template cache, as if from one exporter, so a
/// template in the first file decodes data in later ones. A pcap or pcapng file is read
/// for its UDP payloads, each keyed by its real source address.
struct FlowsDecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode files of raw flow datagrams (one datagram per file) or pcap/pcapng captures.",
        discussion: "Prints one normalised record per line (or JSON lines with --json) and, on stderr, errors counted by reason.")

    @Flag(name: .long, help: "One JSON object per record per line.")
    var json = false

    @Option(name: .long, help: "Exporter address for raw datagram files (captures carry their own).")
    var exporter: String = "127.0.0.1"

    @Option(name: .long, help: "Sampling rate to apply whatever the exporter announces.")
    var sampling: UInt32?

    @Argument(help: "Datagram or capture files, decoded in order.")
    var files: [String]

    func validate() throws {
        if IPAddress(exporter) == nil { throw ValidationError("--exporter: not an IP address: \(exporter)") }
        if files.isEmpty { throw ValidationError("give at least one file") }
    }

    func run() throws {
        let defaultExporter = IPAddress(exporter)!
        var templates = TemplateCache()
        var errorCounts: [String: Int] = [:]
        var records = 0
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var out = ""
        func flushOut() {
            FileHandle.standardOutput.write(Data(out.utf8))
            out = ""
        }
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                printError("netsight: cannot read \(path)")
                throw ExitCode.failure
            }
            let bytes = [UInt8](data)
            var datagrams: [(IPAddress, UInt64, [UInt8])] = []
            if CaptureReader.isCapture(bytes) {
                do {
                    for d in try CaptureReader.udpDatagrams(in: bytes) {
                        datagrams.append((d.source, d.timestampMillis, d.payload))
                    }
                } catch {
                    errorCounts[error.reason.rawValue, default: 0] += 1
                    printError("\(path): \(error)")
                    continue
                }
            } else {
                let mtime = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date()
                datagrams.append((defaultExporter, UInt64(mtime.timeIntervalSince1970 * 1000), bytes))
            }
            for (source, at, payload) in datagrams {
                let result = payload.withUnsafeBytes {
                    FlowDecoder.decode($0, exporter: source, receivedAtMillis: at, templates: &templates, samplingOverride: sampling)
                }
                for e in result.errors { errorCounts[e.reason.rawValue, default: 0] += 1 }
                for r in result.records {
                    records += 1
                    let view = FlowRecordView(r)
                    if json {
                        out += String(decoding: try encoder.encode(view), as: UTF8.self) + "\n"
                    } else {
                        out += view.text + "\n"
                    }
                }
                if out.utf8.count > 1 << 16 { flushOut() }
            }
        }
        flushOut()
        var summary = "\(records) records"
        if errorCounts.isEmpty {
            summary += ", no errors"
        } else {
            summary += "; errors: " + errorCounts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        printError(summary)
    }
}
