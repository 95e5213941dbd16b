import ArgumentParser
import Foundation
import NetsightModel
import Pollers

/// `netsight snmp interfaces TARGET`: polls a device's interface counters twice and
/// prints each interface's rates: the poller's view of one device, for checking an
/// agent before adding it to the configuration.
struct SnmpInterfacesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interfaces",
        abstract: "Show a device's interfaces with in/out rates from two polls N seconds apart.")

    @OptionGroup var options: SnmpOptions

    @Option(help: "Output: table or json.")
    var format: String = "table"

    /// 5 s: long enough for the tracker's 1 s minimum interval and for agents that
    /// refresh counters every few seconds, short enough to wait for.
    @Option(help: "Seconds between the two polls (1-3600).")
    var seconds: Int = 5

    func validate() throws {
        guard ["table", "json"].contains(format) else { throw ValidationError("--format: expected table or json, got \(format)") }
        guard (1...3600).contains(seconds) else { throw ValidationError("--seconds: expected 1...3600") }
    }

    func run() async throws {
        do {
            let target = try options.makeTarget()
            let client = try await SNMPClient.startSingleThreaded()
            defer { Task { try? await client.close() } }
            var poller = DevicePoller(spec: DevicePollSpec(name: options.target, target: target, rewalkEveryCycles: 1_000))
            let now: @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970 * 1000) }
            let first = await poller.poll(client: client, nowMillis: now)
            if let error = first.status.error { throw SnmpCLIError(error) }
            try await Task.sleep(for: .seconds(seconds))
            let second = await poller.poll(client: client, nowMillis: now)
            if let error = second.status.error { throw SnmpCLIError(error) }
            let rows = InterfaceRow.rows(interfaces: second.interfaces ?? first.interfaces ?? [], rates: second.rates)
            if format == "json" || options.json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
                FileHandle.standardOutput.write(try encoder.encode(rows) + Data("\n".utf8))
            } else {
                FileHandle.standardOutput.write(Data(InterfaceRow.table(rows).utf8))
            }
        } catch {
            SnmpOutput.fail(error)
        }
    }
}

/// One printed interface: inventory joined with its rates (nil where there is none).
struct InterfaceRow: Encodable {
    var ifIndex: UInt32
    var name: String
    var alias: String
    var adminStatus: String
    var operStatus: String
    var speedBitsPerSecond: UInt64?
    var inBitsPerSecond: Double?
    var outBitsPerSecond: Double?
    var inUtilisationPercent: Double?
    var outUtilisationPercent: Double?
    var inErrorsPerSecond: Double?
    var outErrorsPerSecond: Double?

    static func rows(interfaces: [InterfaceInfo], rates: [InterfaceRateSample]) -> [InterfaceRow] {
        let byIndex = Dictionary(rates.map { ($0.ifIndex, $0) }, uniquingKeysWith: { a, _ in a })
        return interfaces.map { i in
            let r = byIndex[i.ifIndex]
            return InterfaceRow(
                ifIndex: i.ifIndex, name: i.name, alias: i.alias, adminStatus: statusName(i.adminStatus),
                operStatus: statusName(i.operStatus), speedBitsPerSecond: i.speedBitsPerSecond,
                inBitsPerSecond: r?.inBitsPerSecond, outBitsPerSecond: r?.outBitsPerSecond,
                inUtilisationPercent: r?.inUtilisationPercent, outUtilisationPercent: r?.outUtilisationPercent,
                inErrorsPerSecond: r?.inErrorsPerSecond, outErrorsPerSecond: r?.outErrorsPerSecond)
        }
    }

    /// IF-MIB's ifOperStatus names (ifAdminStatus uses the first three).
    static func statusName(_ value: Int) -> String {
        let names = ["", "up", "down", "testing", "unknown", "dormant", "notPresent", "lowerLayerDown"]
        return value > 0 && value < names.count ? names[value] : "-"
    }

    /// Aligned columns, one line per interface.
    static func table(_ rows: [InterfaceRow]) -> String {
        let header = ["IFINDEX", "NAME", "ALIAS", "OPER/ADMIN", "SPEED", "IN", "OUT", "IN%", "OUT%", "INERR/s", "OUTERR/s"]
        var lines = [header]
        for r in rows {
            lines.append([
                String(r.ifIndex), r.name, r.alias, "\(r.operStatus)/\(r.adminStatus)", si(r.speedBitsPerSecond.map { Double($0) }),
                si(r.inBitsPerSecond), si(r.outBitsPerSecond), percent(r.inUtilisationPercent), percent(r.outUtilisationPercent),
                decimal(r.inErrorsPerSecond), decimal(r.outErrorsPerSecond),
            ])
        }
        var widths = Array(repeating: 0, count: header.count)
        for line in lines { for (i, cell) in line.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return lines.map { line in
            line.enumerated().map { i, cell in
                // Text columns left-aligned, numbers right-aligned.
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i >= 4 ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }

    /// "1.5G", "250M", "12.3k": bit/s with an SI prefix; "-" when unknown.
    static func si(_ value: Double?) -> String {
        guard let value else { return "-" }
        for (limit, suffix) in [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")] where value >= limit {
            let text = String(format: "%.1f", value / limit)
            return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + suffix
        }
        return String(format: "%.0f", value)
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "-" }
    static func decimal(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "-" }
}
