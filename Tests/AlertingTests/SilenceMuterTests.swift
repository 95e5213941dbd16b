import Alerting
import Foundation
import NetsightModel
import Testing

@Suite struct SilenceMuterTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func alert(_ id: String, _ labels: [String: String], _ state: AlertState, fired: Bool = true) -> Alert {
        Alert(
            id: id, rule: "r", metric: "m", labels: LabelSet(labels), severity: .warning, state: state, value: 1, summary: "",
            firingSince: fired ? t0 : nil, lastEvaluatedAt: t0)
    }

    static func silence(_ id: String, _ matchers: [LabelMatcher], from: TimeInterval = 0, to: TimeInterval = 3600, untilResolved: Bool = false) -> Silence {
        Silence(id: id, matchers: matchers, startsAt: t0 + from, endsAt: t0 + to, createdBy: "ann", comment: "c", untilResolved: untilResolved, updatedAt: t0)
    }

    static let silences = [
        silence("sw1", [LabelMatcher(name: "device", value: "sw-1")]),
        silence("ldn", [LabelMatcher(name: "site", value: "ldn")], untilResolved: true),
        silence("later", [LabelMatcher(name: "site", value: "ldn")], from: 7200, to: 9000),
        silence("par", [LabelMatcher(name: "site", value: "par")], untilResolved: true),
        silence("ams", [LabelMatcher(name: "site", value: "ams")], untilResolved: true),
    ]

    @Test(arguments: [
        // sw-1 firing in ldn: both active silences that match; ldn must stay.
        ([alert("a", ["device": "sw-1", "site": "ldn"], .firing)], 60.0, [["ldn", "sw1"]], [String]()),
        // Everything in ldn resolved: the until-resolved silence expires, par never matched anything that fired.
        ([alert("a", ["device": "sw-1", "site": "ldn"], .resolved), alert("b", ["site": "par"], .pending, fired: false)], 60, [["ldn", "sw1"], ["par"]], ["ldn"]),
        // One of two still pending keeps it.
        ([alert("a", ["site": "ldn"], .resolved), alert("b", ["site": "ldn"], .pending, fired: false)], 60, [["ldn"], ["ldn"]], []),
        // ams resolved, par resolved: both expire, sorted.
        ([alert("a", ["site": "par"], .resolved), alert("b", ["site": "ams"], .inactive)], 60, [["par"], ["ams"]], ["ams", "par"]),
        // After every silence ended nothing is muted, nothing to expire.
        ([alert("a", ["device": "sw-1", "site": "ldn"], .firing)], 10_000, [[]], []),
        // The later silence only once it starts.
        ([alert("a", ["site": "ldn"], .firing)], 7300, [["later"]], []),
    ] as [([Alert], TimeInterval, [[String]], [String])])
    func mutesAndExpires(alerts: [Alert], at offset: TimeInterval, muted: [[String]], expire: [String]) {
        var input = alerts
        input[0].mutedBy = [AlertMute(kind: .silence, id: "stale"), AlertMute(kind: .maintenance, id: "mw")]
        let (output, expired) = SilenceMuter(silences: Self.silences).apply(input, at: Self.t0 + offset)
        #expect(output.map { $0.mutedBy.filter { $0.kind == .silence }.map(\.id).sorted() } == muted)
        #expect(output[0].mutedBy.contains(AlertMute(kind: .maintenance, id: "mw")), "maintenance mutes are not the silence muter's")
        #expect(expired == expire)
    }

    @Test func maintenanceMuterMarksOnlyOpenWindows() {
        let open = MaintenanceWindow(
            id: "w1", name: "n", matchers: [LabelMatcher(name: "site", value: "ldn")],
            schedule: .once(start: Self.t0, end: Self.t0 + 60), createdBy: "a", comment: "", createdAt: Self.t0)
        var closed = open
        closed.id = "w2"
        closed.schedule = .once(start: Self.t0 + 120, end: Self.t0 + 180)
        let alerts = [Self.alert("a", ["site": "ldn"], .firing), Self.alert("b", ["site": "par"], .firing)]
        let muter = MaintenanceMuter(windows: [open, closed])
        #expect(muter.apply(alerts, at: Self.t0 + 30).map(\.mutedBy) == [[AlertMute(kind: .maintenance, id: "w1")], []])
        #expect(muter.apply(alerts, at: Self.t0 + 150).map(\.mutedBy) == [[AlertMute(kind: .maintenance, id: "w2")], []])
        #expect(muter.apply(alerts, at: Self.t0 + 90).map(\.mutedBy) == [[], []])
    }

    @Test func matchCountTellsASilenceThatSelectsNothing() {
        let alerts = [
            Self.alert("a", ["device": "sw-1", "site": "ldn"], .firing), Self.alert("b", ["site": "ldn"], .pending, fired: false),
            Self.alert("c", ["site": "par"], .resolved),
        ]
        #expect(Self.silence("s", [LabelMatcher(name: "site", value: "ldn")]).matchCount(in: alerts) == 2)
        #expect(Self.silence("s", [LabelMatcher(name: "site", value: "ldm")]).matchCount(in: alerts) == 0)
        #expect(Self.silence("s", [LabelMatcher(name: "site", value: "l.*|p.*", isRegex: true)]).matchCount(in: alerts) == 3)
    }
}
