import Alerting
import Analytics
import ArgumentParser
import Foundation
import NetsightModel
import Storage

/// `netsight maintenance`: planned work that mutes the alerts of a device, a site or any
/// label set, once or every week.
struct MaintenanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintenance", abstract: "Add, list and delete maintenance windows.",
        subcommands: [MaintenanceAddCommand.self, MaintenanceListCommand.self, MaintenanceDeleteCommand.self],
        defaultSubcommand: MaintenanceListCommand.self)
}

struct MaintenanceAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a window: `--device core-1 --start 2027-01-16T01:00:00Z --for 2h` or `--site ldn --weekly sun --at 02:00 --for 2h --tz Europe/London`.")

    @OptionGroup var options: StoreOptions

    @Argument(help: "A name for the window.")
    var name: String

    @Option(help: "Mute this device's alerts.")
    var device: String?

    @Option(help: "Mute this site's alerts.")
    var site: String?

    @Option(name: .customLong("match"), help: "Any matcher (amtool form); repeatable.")
    var matchers: [String] = []

    @Option(help: "One-off start (RFC 3339, e.g. 2027-01-16T01:00:00Z).")
    var start: String?

    @Option(help: "Weekdays of a weekly window: mon,tue,...,sun.")
    var weekly: String?

    @Option(help: "Weekly start, HH:MM local time.")
    var at: String?

    @Option(name: .customLong("for"), help: "Length (e.g. 2h).")
    var duration: String

    @Option(help: "Time zone of a weekly window (IANA name).")
    var tz = "UTC"

    @Option(name: [.short, .long], help: "Why.")
    var comment = ""

    @Option(help: "Who (default: $USER).")
    var by: String?

    static let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    func run() throws {
        var parsed: [LabelMatcher] = []
        if let device { parsed.append(LabelMatcher(name: "device", value: device)) }
        if let site { parsed.append(LabelMatcher(name: "site", value: site)) }
        for text in matchers {
            do throws(MatcherError) { parsed.append(try LabelMatcher.parse(text)) } catch {
                throw ValidationError("--match \(text): \(error.message)")
            }
        }
        guard let ms = TimeText.parseDuration(duration) else { throw ValidationError("--for: not a duration such as 2h: \(duration)") }
        let schedule: MaintenanceSchedule
        if let weekly {
            let weekdays = try weekly.split(separator: ",").map { d -> Int in
                guard let i = Self.days.firstIndex(of: d.lowercased()) else { throw ValidationError("--weekly: unknown day \(d) (mon ... sun)") }
                return i + 1
            }
            let parts = (at ?? "").split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2 else { throw ValidationError("--at: expected HH:MM") }
            schedule = .weekly(
                weekdays: weekdays, startMinute: parts[0] * 60 + parts[1], durationMinutes: Int(ms / 60_000), timeZone: tz,
                from: nil, until: nil)
        } else {
            guard let start, let begin = ISO8601DateFormatter().date(from: start) else {
                throw ValidationError("give --start TIME (RFC 3339) or --weekly DAYS --at HH:MM")
            }
            schedule = .once(start: begin, end: begin.addingTimeInterval(Double(ms) / 1000))
        }
        let window = MaintenanceWindow(
            id: UUID().uuidString.lowercased(), name: name, matchers: parsed, schedule: schedule,
            createdBy: by ?? ProcessInfo.processInfo.environment["USER"] ?? "netsight", comment: comment, createdAt: Date())
        do throws(AlertValidationError) { try MaintenanceValidator.validate(window) } catch {
            throw ValidationError(error.description)
        }
        try options.store(create: true).insertMaintenanceWindow(window)
        if options.format == .json { return try options.emit(json: window) }
        print(window.id)
    }
}

struct MaintenanceListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every window, whether it is open, and its next opening.")

    @OptionGroup var options: StoreOptions

    func run() throws {
        let windows = try options.store().maintenanceWindows()
        if options.format == .json { return try options.emit(json: windows) }
        if windows.isEmpty { print("no maintenance windows") }
        let now = Date(), f = ISO8601DateFormatter()
        for w in windows {
            let open = MaintenanceCalendar.isOpen(w.schedule, at: now)
            let next = MaintenanceCalendar.currentOrNextWindow(w.schedule, at: now).map { " \(f.string(from: $0.start)) .. \(f.string(from: $0.end))" } ?? ""
            print("\(w.id)  \(open ? "OPEN" : "closed")  \(w.name)  \(w.matchers.map(\.description).joined(separator: " "))\(next)")
        }
    }
}

struct MaintenanceDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Remove windows.")

    @OptionGroup var options: StoreOptions

    @Argument(help: "Window ids.")
    var ids: [String]

    func run() throws {
        let store = try options.store()
        var missing = false
        for id in ids where try !store.deleteMaintenanceWindow(id: id) {
            printError("netsight: no maintenance window with id \(id)")
            missing = true
        }
        if missing { throw ExitCode.failure }
    }
}
