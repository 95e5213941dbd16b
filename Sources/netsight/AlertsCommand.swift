import Alerting
import Analytics
import ArgumentParser
import Foundation
import NetsightModel
import Storage

/// `netsight alerts`: what alerting decided, read from the store `netsight serve` writes.
struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts", abstract: "List, show and acknowledge alerts; the noise report.",
        subcommands: [AlertsListCommand.self, AlertsShowCommand.self, AlertsAckCommand.self, AlertsReportCommand.self],
        defaultSubcommand: AlertsListCommand.self)
}

struct AlertsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Pending, firing and recently resolved alerts.")

    @OptionGroup var options: StoreOptions

    @Option(help: "Only these states (comma-separated: pending, firing, resolved).")
    var state: String?

    @Flag(help: "Include symptoms suppressed under a root cause (they are listed under it otherwise).")
    var all = false

    func run() throws {
        let wanted = try state.map { text -> Set<AlertState> in
            Set(try text.split(separator: ",").map { part in
                guard let s = AlertState(rawValue: String(part)) else { throw ValidationError("--state: unknown state \"\(part)\"") }
                return s
            })
        }
        let alerts = try options.store().alerts().filter { a in
            (wanted?.contains(a.state) ?? true) && (all || !a.isSuppressed)
        }.sorted { ($0.severity, $1.id) > ($1.severity, $0.id) }
        if options.format == .json { return try options.emit(json: alerts) }
        if alerts.isEmpty { print("no alerts") }
        for a in alerts { print(Self.line(a)) }
    }

    static func line(_ a: Alert) -> String {
        var marks: [String] = []
        if a.flapping { marks.append("flapping") }
        if a.isMuted { marks.append("muted by \(a.mutedBy.map { "\($0.kind.rawValue) \($0.id)" }.joined(separator: ", "))") }
        if let root = a.rootCause { marks.append("symptom of \(root)") }
        if !a.impact.isEmpty { marks.append("\(a.impact.count) dependent alerts suppressed") }
        if let ack = a.acknowledgement { marks.append("acknowledged by \(ack.by)") }
        let since = (a.firingSince ?? a.activeSince).map { " since \(ISO8601DateFormatter().string(from: $0))" } ?? ""
        return "\(a.id)  \(a.state.rawValue.uppercased())  \(a.severity.rawValue)  \(a.rule): \(a.summary)\(since)"
            + (marks.isEmpty ? "" : "  [\(marks.joined(separator: "; "))]")
    }
}

struct AlertsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One alert: labels, impact, history.")

    @OptionGroup var options: StoreOptions

    @Argument(help: "The alert's id (from `netsight alerts list`).")
    var id: String

    func run() throws {
        let store = try options.store()
        guard let alert = try store.alert(id: id) else {
            printError("netsight: no alert with id \(id) is pending, firing or recently resolved")
            throw ExitCode.failure
        }
        let history = try store.alertEvents(from: .distantPast, to: .distantFuture, alertID: id, limit: 100)
        if options.format == .json {
            struct Detail: Encodable { var alert: Alert; var history: [AlertEvent] }
            return try options.emit(json: Detail(alert: alert, history: history))
        }
        print(AlertsListCommand.line(alert))
        print("labels: \(alert.labels)")
        print("value: \(alert.value)")
        if let runbook = alert.runbook { print("runbook: \(runbook)") }
        if !alert.impact.isEmpty {
            print("impact (\(alert.impact.count) suppressed):")
            for i in alert.impact { print("  \(i.id)  \(i.rule): \(i.summary)") }
        }
        print("history:")
        let f = ISO8601DateFormatter()
        for e in history {
            print("  \(f.string(from: e.time))  \(e.kind.rawValue)\(e.receiver.map { " to \($0)" } ?? "")\(e.detail.isEmpty ? "" : ": \(e.detail)")")
        }
    }
}

struct AlertsAckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack", abstract: "Acknowledge an alert: it keeps firing but is not repeated.")

    @OptionGroup var options: StoreOptions

    @Argument(help: "The alert's id.")
    var id: String

    @Option(help: "Who takes it (default: $USER).")
    var by: String?

    @Option(help: "Why, or what happens next.")
    var comment = ""

    func run() throws {
        let who = by ?? ProcessInfo.processInfo.environment["USER"] ?? "netsight"
        guard let alert = try options.store().acknowledge(id: id, by: who, comment: comment, at: Date()) else {
            printError("netsight: no alert with id \(id) is pending, firing or recently resolved")
            throw ExitCode.failure
        }
        if options.format == .json { return try options.emit(json: alert) }
        print(AlertsListCommand.line(alert))
    }
}

struct AlertsReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "The noise report: raised vs notified per day and rule, compression, flappiest series.")

    @OptionGroup var options: StoreOptions

    @Option(help: "How far back (e.g. 24h, 7d, 30d).")
    var last = "7d"

    @Option(help: "Time zone the days are cut in (IANA name).")
    var tz = "UTC"

    func run() throws {
        guard let ms = TimeText.parseDuration(last) else { throw ValidationError("--last: not a duration such as 24h or 7d: \(last)") }
        guard let zone = TimeZone(identifier: tz) else { throw ValidationError("--tz: unknown time zone \(tz)") }
        let to = Date(), from = to.addingTimeInterval(-Double(ms) / 1000)
        let events = try options.store().alertEvents(from: from, to: to)
        let report = NoiseReport.build(events: events, from: from, to: to, timeZone: zone)
        if options.format == .json { return try options.emit(json: report) }
        print(report.text, terminator: "")
    }
}
