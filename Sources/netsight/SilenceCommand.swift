import Alerting
import Analytics
import ArgumentParser
import Foundation
import NetsightModel
import Storage

/// `netsight silence`: mute notifications for alerts matching some labels, like amtool.
/// Silences live in the store; `netsight serve` applies them at its next evaluation.
struct SilenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silence", abstract: "Add, list and expire silences (Alertmanager's model).",
        subcommands: [SilenceAddCommand.self, SilenceListCommand.self, SilenceExpireCommand.self],
        defaultSubcommand: SilenceListCommand.self)
}

struct SilenceAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a silence: `netsight silence add 'site=\"ldn\"' 'alertname=~\"Interface.*\"' --for 2h -c ...`.")

    @OptionGroup var options: StoreOptions

    @Argument(help: "Matchers as amtool writes them: name=\"value\", name!=\"v\", name=~\"re\", name!~\"re\".")
    var matchers: [String]

    @Option(name: .customLong("for"), help: "How long (e.g. 30m, 2h, 1d).")
    var duration = "1h"

    @Option(name: [.short, .long], help: "Why (required, as in Alertmanager).")
    var comment: String

    @Option(help: "Who (default: $USER).")
    var by: String?

    @Flag(help: "Also end the silence once every alert it muted has resolved.")
    var untilResolved = false

    func run() throws {
        var parsed: [LabelMatcher] = []
        for text in matchers {
            do throws(MatcherError) { parsed.append(try LabelMatcher.parse(text)) } catch {
                throw ValidationError("matcher \(text): \(error.message)")
            }
        }
        guard let ms = TimeText.parseDuration(duration) else { throw ValidationError("--for: not a duration such as 2h: \(duration)") }
        let now = Date()
        let silence = Silence(
            id: UUID().uuidString.lowercased(), matchers: parsed, startsAt: now,
            endsAt: now.addingTimeInterval(Double(ms) / 1000), createdBy: by ?? ProcessInfo.processInfo.environment["USER"] ?? "netsight",
            comment: comment, untilResolved: untilResolved, updatedAt: now)
        do throws(AlertValidationError) { try SilenceValidator.validate(silence) } catch {
            throw ValidationError(error.description)
        }
        let store = try options.store(create: true)
        try store.insertSilence(silence)
        if silence.matchCount(in: try store.alerts()) == 0 {
            printError("netsight: warning: the silence matches no current alert; it mutes matching alerts that start before it ends")
        }
        if options.format == .json { return try options.emit(json: silence) }
        print(silence.id)
    }
}

struct SilenceListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Active and pending silences (--expired for the rest).")

    @OptionGroup var options: StoreOptions

    @Flag(help: "Include expired silences.")
    var expired = false

    func run() throws {
        let now = Date()
        let silences = try options.store().silences().filter { expired || $0.status(at: now) != .expired }
        if options.format == .json { return try options.emit(json: silences) }
        if silences.isEmpty { print("no silences") }
        let f = ISO8601DateFormatter()
        for s in silences {
            print("\(s.id)  \(s.status(at: now).rawValue)  \(s.matchers.map(\.description).joined(separator: " "))  "
                + "until \(f.string(from: s.endsAt))\(s.untilResolved ? " or resolved" : "")  by \(s.createdBy): \(s.comment)")
        }
    }
}

struct SilenceExpireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "expire", abstract: "End silences now.")

    @OptionGroup var options: StoreOptions

    @Argument(help: "Silence ids.")
    var ids: [String]

    func run() throws {
        let store = try options.store()
        var missing = false
        for id in ids where try store.expireSilence(id: id, at: Date()) == nil {
            printError("netsight: no silence with id \(id)")
            missing = true
        }
        if missing { throw ExitCode.failure }
    }
}
