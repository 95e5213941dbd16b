import ArgumentParser
import Foundation
import NetsightModel
import NetsightServer
import Storage

/// `netsight devices`: the SNMP-polled devices as `netsight serve` last stored them.
struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "Show polled SNMP devices: status, last poll, errors; `show NAME` for one device's interfaces.",
        subcommands: [DevicesListCommand.self, DevicesShowCommand.self],
        defaultSubcommand: DevicesListCommand.self)
}

/// The options of commands that read the data directory's store (devices, alerts, silences, maintenance).
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "table or json.")
    var format: Format = .table

    @Option(name: .long, help: "Data directory (default: the configuration's, else ./netsight-data).")
    var dataDir: String?

    @Option(name: .long, help: "Configuration file, for its data_dir.")
    var config: String?

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    /// The data directory's metadata store; exits with a message when there is none.
    /// - Parameter create: make the store when the directory exists but has none yet (a
    ///   silence or maintenance window may be planned before `netsight serve` first runs).
    func store(create: Bool = false) throws -> MetadataStore {
        let path = try dataDir ?? loadConfiguration(path: config).dataDirectory
        do {
            let dir = try DataDirectory.existing(path: path)
            guard create || FileManager.default.fileExists(atPath: dir.metadataPath) else {
                printError("netsight: data directory \(path): no netsight.sqlite here (run `netsight serve` first)")
                throw ExitCode.failure
            }
            return try MetadataStore(path: dir.metadataPath)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("netsight: \(error)")
            throw ExitCode.failure
        }
    }

    func emit(json value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        FileHandle.standardOutput.write(try encoder.encode(value))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}

/// `netsight devices [list]`: one line per device.
struct DevicesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "One line per device (the default).")

    @OptionGroup var options: StoreOptions

    func run() throws {
        let devices = try options.store().devices()
        switch options.format {
        case .json: try options.emit(json: devices)
        case .table: print(DeviceText.list(devices, now: SystemClock.nowMillis()), terminator: "")
        }
    }
}

/// `netsight devices show NAME`: one device, its interfaces with the latest rates, and its
/// LLDP neighbours.
struct DevicesShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One device with its interface table.")

    @OptionGroup var options: StoreOptions

    @Argument(help: "The device's configured name.")
    var name: String

    struct Detail: Encodable {
        var device: DeviceRecord
        var interfaces: [InterfaceRecord]
        var neighbours: [LLDPNeighbour]
    }

    func run() throws {
        let store = try options.store()
        guard let device = try store.device(named: name) else {
            printError("netsight: no device named \(name) has been polled (see `netsight devices`)")
            throw ExitCode.failure
        }
        let interfaces = try store.interfaces(device: name)
        let neighbours = try store.neighbours(device: name).map(\.neighbour)
        switch options.format {
        case .json: try options.emit(json: Detail(device: device, interfaces: interfaces, neighbours: neighbours))
        case .table:
            print(DeviceText.detail(device, interfaces: interfaces, neighbours: neighbours, now: SystemClock.nowMillis()), terminator: "")
        }
    }
}

/// Plain-text rendering for `netsight devices`, pure so it reads the same in tests and use.
enum DeviceText {
    static func list(_ devices: [DeviceRecord], now: UInt64) -> String {
        var rows = [["NAME", "ADDRESS", "SITE", "STATUS", "LAST POLL", "DURATION", "ERROR"]]
        for d in devices {
            let s = d.status
            rows.append([
                s.device, s.address, s.site.isEmpty ? "-" : s.site, s.isUp ? (s.late ? "up (late)" : "up") : "DOWN",
                age(s.lastPollMillis, now: now), duration(s.durationMillis),
                s.error.map { s.consecutiveFailures > 1 ? "\($0) (\(s.consecutiveFailures) in a row)" : $0 } ?? "",
            ])
        }
        return table(rows)
    }

    static func detail(_ d: DeviceRecord, interfaces: [InterfaceRecord], neighbours: [LLDPNeighbour], now: UInt64) -> String {
        let s = d.status
        var out = "\(s.device) \(s.address)\(s.site.isEmpty ? "" : " site \(s.site)")\(s.parent.map { " parent \($0)" } ?? "")\n"
        out += "status: \(s.isUp ? "up" : "DOWN"), polled \(age(s.lastPollMillis, now: now)) in \(duration(s.durationMillis))"
        if let e = s.error { out += ", error: \(e)" }
        out += "\n"
        if let sys = d.system {
            out += "system: \(sys.sysName) (\(sys.sysObjectID)), up \(uptime(sys.sysUpTimeTicks))\n"
            if !sys.sysDescr.isEmpty { out += "        \(sys.sysDescr.split(whereSeparator: \.isNewline).first ?? "")\n" }
        }
        if let h = d.health, !h.cpuPercents.isEmpty {
            out += "cpu: " + h.cpuPercents.map { String(format: "%.0f%%", $0) }.joined(separator: " ") + "\n"
        }
        var rows = [["IFINDEX", "NAME", "ALIAS", "SPEED", "ADMIN/OPER", "IN", "OUT", "IN%", "OUT%", "ERR/DISC"]]
        for i in interfaces {
            let r = i.latest
            let problems = [r?.inErrorsPerSecond, r?.outErrorsPerSecond, r?.inDiscardsPerSecond, r?.outDiscardsPerSecond]
                .compactMap { $0 }.reduce(0, +)
            rows.append([
                String(i.info.ifIndex), i.info.name, i.info.alias, i.info.speedBitsPerSecond.map { bits(Double($0)) } ?? "-",
                "\(status(i.info.adminStatus))/\(status(i.info.operStatus))",
                bits(r?.inBitsPerSecond), bits(r?.outBitsPerSecond), percent(r?.inUtilisationPercent),
                percent(r?.outUtilisationPercent), r == nil ? "-" : String(format: "%.2f/s", problems),
            ])
        }
        out += "\n" + table(rows)
        if !neighbours.isEmpty {
            var n = [["LOCAL PORT", "NEIGHBOUR", "REMOTE PORT", "CHASSIS"]]
            for x in neighbours {
                n.append([x.localPort.isEmpty ? String(x.localPortNumber) : x.localPort, x.remoteSystemName, x.remotePort, x.remoteChassisID])
            }
            out += "\n" + table(n)
        }
        return out
    }

    /// Left-aligned columns two spaces apart; the last column is not padded.
    static func table(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        var widths = Array(repeating: 0, count: first.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        for row in rows {
            var line = ""
            for (i, cell) in row.enumerated() {
                line += i == row.count - 1 ? cell : cell.padding(toLength: widths[i] + 2, withPad: " ", startingAt: 0)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    static func age(_ millis: UInt64, now: UInt64) -> String {
        guard millis > 0 else { return "never" }
        guard now > millis else { return "just now" }
        let s = (now - millis) / 1000
        if s < 120 { return "\(s)s ago" }
        if s < 7200 { return "\(s / 60)m ago" }
        if s < 172_800 { return "\(s / 3600)h ago" }
        return "\(s / 86_400)d ago"
    }

    static func duration(_ millis: UInt64) -> String {
        millis < 1000 ? "\(millis)ms" : String(format: "%.1fs", Double(millis) / 1000)
    }

    static func uptime(_ ticks: UInt32) -> String {
        let s = Int(ticks / 100)
        return s >= 86_400 ? "\(s / 86_400)d \(s % 86_400 / 3600)h" : "\(s / 3600)h \(s % 3600 / 60)m"
    }

    static func bits(_ v: Double?) -> String {
        guard let v else { return "-" }
        for (limit, unit) in [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")] where v >= limit {
            return String(format: "%.1f", v / limit) + unit
        }
        return String(format: "%.0f", v)
    }

    static func percent(_ v: Double?) -> String {
        v.map { String(format: "%.1f", $0) } ?? "-"
    }

    /// IF-MIB status numbers as words (0: not read).
    static func status(_ n: Int) -> String {
        switch n {
        case 1: "up"
        case 2: "down"
        case 3: "testing"
        case 4: "unknown"
        case 5: "dormant"
        case 6: "notPresent"
        case 7: "lowerLayerDown"
        default: "-"
        }
    }
}
