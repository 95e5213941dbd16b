import Alerting
import Foundation
import NetsightModel
import Testing

@Suite struct AlertDispatcherTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func alert(
        _ id: String, _ state: AlertState = .firing, site: String = "ldn", severity: String = "critical", flapping: Bool = false,
        rootCause: String? = nil, muted: Bool = false, acked: Bool = false, impact: [String] = []
    ) -> Alert {
        Alert(
            id: id, rule: "r", metric: "m", labels: ["alertname": "r", "id": id, "site": site, "severity": severity],
            severity: .critical, state: state, value: 1, summary: id, lastEvaluatedAt: t0, flapping: flapping, rootCause: rootCause,
            impact: impact.map { AlertImpact(id: $0, rule: "r", labels: [:], summary: $0) },
            mutedBy: muted ? [AlertMute(kind: .silence, id: "s")] : [],
            acknowledgement: acked ? AlertAcknowledgement(by: "ann", comment: "", at: t0) : nil)
    }

    static let routes = [
        AlertRouteSpec(
            matchers: [LabelMatcher(name: "severity", value: "critical")], receivers: ["pager"], groupBy: ["site"],
            continue: true),
        AlertRouteSpec(receivers: ["chat"], groupBy: ["site", "rootcause"]),
    ]

    /// `receiver kind status firing-ids / resolved-ids`, the facts a receiver acts on.
    static func summary(_ n: AlertNotification) -> String {
        let firing = n.alerts.filter { $0.state == .firing }.map(\.id).joined(separator: ",")
        let resolved = n.alerts.filter { $0.state != .firing }.map(\.id).joined(separator: ",")
        return "\(n.receiver) \(n.kind.rawValue) \(n.status.rawValue) [\(firing)/\(resolved)]"
    }

    typealias Step = (at: TimeInterval, alerts: [Alert], expected: [String])

    /// Runs the steps; `restartAt` rebuilds the dispatcher from its log before that step.
    static func run(_ steps: [Step], restartBefore: Set<Int> = [], routes: [AlertRouteSpec] = routes) -> [AlertNotification] {
        var dispatcher = AlertDispatcher(routes: routes, log: [])
        var all: [AlertNotification] = []
        for (index, step) in steps.enumerated() {
            if restartBefore.contains(index) { dispatcher = AlertDispatcher(routes: routes, log: dispatcher.logEntries) }
            let sent = dispatcher.process(step.alerts, at: t0 + step.at)
            #expect(sent.map(summary).sorted() == step.expected.sorted(), "step \(index) at \(step.at)")
            all += sent
        }
        return all
    }

    static let scenarios: [(String, [Step], Set<Int>)] = [
        ("group wait, then repeat interval", [
            (0, [alert("a")], []),
            (29, [alert("a")], []),
            (30, [alert("a")], ["pager alert firing [a/]", "chat alert firing [a/]"]),
            (60, [alert("a")], []),
            (400, [alert("a")], []),
            (30 + 14_400, [alert("a")], ["pager alert firing [a/]", "chat alert firing [a/]"]),
        ], []),
        ("group interval and resolution once", [
            (0, [alert("a")], []),
            (30, [alert("a")], ["pager alert firing [a/]", "chat alert firing [a/]"]),
            (100, [alert("a"), alert("b")], []),
            (130, [alert("a"), alert("b")], []),  // independent faults share their site's group
            (329, [alert("a"), alert("b")], []),
            (330, [alert("a"), alert("b")], ["pager alert firing [a,b/]", "chat alert firing [a,b/]"]),  // group interval
            (400, [alert("a", .resolved), alert("b")], []),
            (629, [alert("a", .resolved), alert("b")], []),
            (630, [alert("a", .resolved), alert("b")], ["pager alert firing [b/a]", "chat alert firing [b/a]"]),
            (2000, [alert("a", .resolved), alert("b")], []),
        ], []),
        ("independent faults group by site; an incident with a root is a group of its own", [
            (0, [alert("a", impact: ["b"]), alert("b", rootCause: "a"), alert("c"), alert("d", site: "par")], []),
            (30, [alert("a", impact: ["b"]), alert("b", rootCause: "a"), alert("c"), alert("d", site: "par")],
             ["pager alert firing [a,c/]", "pager alert firing [d/]", "chat alert firing [a/]", "chat alert firing [c/]",
              "chat alert firing [d/]"]),
        ], []),
        ("a fault that turns out to be a root moves to its incident's group without waiting again", [
            (0, [alert("a")], []),
            (20, [alert("a", impact: ["b"]), alert("b", rootCause: "a")], []),
            (30, [alert("a", impact: ["b"]), alert("b", rootCause: "a")], ["pager alert firing [a/]", "chat alert firing [a/]"]),
            (60, [alert("a", impact: ["b"]), alert("b", rootCause: "a")], []),
        ], []),
        ("a notified fault that becomes a root is told again with its incident, and resolved once, there", [
            (0, [alert("a")], []),
            (30, [alert("a")], ["pager alert firing [a/]", "chat alert firing [a/]"]),
            (100, [alert("a", impact: ["b"]), alert("b", rootCause: "a")], ["chat alert firing [a/]"]),
            (200, [alert("a", impact: ["b"]), alert("b", rootCause: "a")], []),
            (300, [alert("a"), alert("b", .resolved)], []),  // symptoms gone, root still down: it stays
            (400, [alert("a", .resolved), alert("b", .resolved)], ["pager alert resolved [/a]", "chat alert resolved [/a]"]),
            (1000, [alert("a", .resolved), alert("b", .resolved)], []),
        ], [4, 5]),
        ("a restart sends nothing twice", [
            (0, [alert("a")], []),
            (30, [alert("a")], ["pager alert firing [a/]", "chat alert firing [a/]"]),
            (60, [alert("a")], []),
            (400, [alert("a", .resolved)], ["pager alert resolved [/a]", "chat alert resolved [/a]"]),
            (800, [alert("a", .resolved)], []),
        ], [2, 4]),
        ("resolved before anyone was told: nothing", [
            (0, [alert("a")], []),
            (10, [alert("a", .resolved)], []),
            (100, [alert("a", .resolved)], []),
        ], []),
        ("muted while firing: resolution never sent (#891)", [
            (0, [alert("a")], []),
            (30, [alert("a")], ["pager alert firing [a/]", "chat alert firing [a/]"]),
            (400, [alert("a", muted: true)], []),
            (800, [alert("a", .resolved, muted: true)], []),
            (900, [alert("a", .resolved)], []),
        ], []),
        ("symptoms ride in the root; impact changes are silent; warnings skip the pager", [
            (0, [alert("a", impact: ["b"]), alert("b", rootCause: "a"), alert("w", site: "par", severity: "warning")], []),
            (30, [alert("a", impact: ["b"]), alert("b", rootCause: "a"), alert("w", site: "par", severity: "warning")],
             ["pager alert firing [a/]", "chat alert firing [a/]", "chat alert firing [w/]"]),
            (1000, [alert("a", impact: ["b", "c"]), alert("b", rootCause: "a"), alert("c", rootCause: "a"),
                    alert("w", site: "par", severity: "warning")], []),
        ], []),
        ("a notified alert that becomes a symptom is dropped quietly", [
            (0, [alert("b")], []),
            (30, [alert("b")], ["pager alert firing [b/]", "chat alert firing [b/]"]),
            (100, [alert("a", impact: ["b"]), alert("b", rootCause: "a")], []),
            // pager's group has nothing firing left to tell: a waits group_wait there too
            (130, [alert("a", impact: ["b"]), alert("b", rootCause: "a")], ["chat alert firing [a/]", "pager alert firing [a/]"]),
            (400, [alert("a", impact: ["b"]), alert("b", .resolved)], []),
        ], []),
        ("acknowledged: no repeat", [
            (0, [alert("a")], []),
            (30, [alert("a")], ["pager alert firing [a/]", "chat alert firing [a/]"]),
            (30 + 14_400, [alert("a", acked: true)], []),
            (30 + 14_500, [alert("a", acked: true), alert("b")], ["pager alert firing [a,b/]", "chat alert firing [a,b/]"]),
            (30 + 14_530, [alert("a", acked: true), alert("b")], []),
        ], []),
        ("flapping: one message in, none meanwhile, one out (settled firing)", [
            (0, [alert("a")], []),
            (30, [alert("a")], ["pager alert firing [a/]", "chat alert firing [a/]"]),
            (100, [alert("a", .resolved, flapping: true)], ["pager flapping firing [/a]", "chat flapping firing [/a]"]),
            (500, [alert("a", .firing, flapping: true)], []),
            (900, [alert("a", .resolved, flapping: true)], []),
            (1300, [alert("a", .firing)], ["pager flap_settled firing [a/]", "chat flap_settled firing [a/]"]),
            (2000, [alert("a", .firing)], []),
        ], []),
        ("flapping: settled resolved, then no separate resolution", [
            (0, [alert("a", flapping: true)], ["pager flapping firing [a/]", "chat flapping firing [a/]"]),
            (500, [alert("a", .resolved, flapping: true)], []),
            (900, [alert("a", .resolved)], ["pager flap_settled resolved [/a]", "chat flap_settled resolved [/a]"]),
            (2000, [alert("a", .resolved)], []),
        ], [2]),
        ("flapping under `for`: never fires, still one message in and one out", [
            (0, [alert("a", .pending)], []),
            (5, [alert("a", .inactive, flapping: true)], ["pager flapping firing [/a]", "chat flapping firing [/a]"]),
            (40, [alert("a", .pending, flapping: true)], []),
            (80, [alert("a", .inactive, flapping: true)], []),
            (120, [alert("a", .inactive)], ["pager flap_settled resolved [/a]", "chat flap_settled resolved [/a]"]),
            (200, [alert("a", .inactive)], []),
            (300, [alert("a", .pending)], []),
        ], [3]),
    ]

    @Test(arguments: 0..<scenarios.count)
    func scenario(_ index: Int) {
        let (name, steps, restarts) = Self.scenarios[index]
        let sent = Self.run(steps, restartBefore: restarts)
        #expect(Set(sent.map(\.id)).count == sent.count, "\(name): every notification has its own id")
    }

    @Test func idsAreStableAcrossARestartAndARepeatDiffers() {
        func firstTwo(restart: Bool) -> [String] {
            var dispatcher = AlertDispatcher(routes: Self.routes, log: [])
            var ids = dispatcher.process([Self.alert("a")], at: Self.t0).map(\.id)
            ids += dispatcher.process([Self.alert("a")], at: Self.t0 + 30).map(\.id)
            if restart { dispatcher = AlertDispatcher(routes: Self.routes, log: dispatcher.logEntries) }
            ids += dispatcher.process([Self.alert("a")], at: Self.t0 + 30 + 14_400).map(\.id)
            return ids
        }
        let plain = firstTwo(restart: false)
        #expect(plain.count == 4)
        #expect(plain == firstTwo(restart: true))
        #expect(Set(plain).count == 4, "a repeat gets a new id")
    }

    @Test func groupsCarryLabelsAndKeys() {
        var dispatcher = AlertDispatcher(routes: Self.routes, log: [])
        let alerts = [Self.alert("a", impact: ["c"]), Self.alert("b"), Self.alert("c", rootCause: "a")]
        _ = dispatcher.process(alerts, at: Self.t0)
        let sent = dispatcher.process(alerts, at: Self.t0 + 30)
        let pager = sent.first { $0.receiver == "pager" }
        #expect(pager?.groupLabels == ["site": "ldn"])
        #expect(pager?.commonLabels == ["alertname": "r", "site": "ldn", "severity": "critical"])
        #expect(sent.filter { $0.receiver == "chat" }.map(\.groupLabels) == [["site": "ldn", "rootcause": "a"], ["site": "ldn"]])
        #expect(dispatcher.logEntries.map(\.receiver) == ["chat", "chat", "pager"])
        #expect(dispatcher.logEntries.map(\.groupKey).allSatisfy { $0.hasPrefix("route0:") || $0.hasPrefix("route1:") })
    }

    /// A named route keys its groups by name, so a route inserted above it later does not
    /// start them afresh (which would notify their firing alerts again).
    @Test func namedRoutesKeepTheirGroupsWhenRoutesAreInsertedAbove() {
        let named = AlertRouteSpec(name: "noc", receivers: ["chat"], groupBy: ["site"], groupWait: .zero)
        var dispatcher = AlertDispatcher(routes: [named], log: [])
        #expect(dispatcher.process([Self.alert("a")], at: Self.t0).map(Self.summary) == ["chat alert firing [a/]"])
        #expect(dispatcher.logEntries.map(\.groupKey) == ["noc:{site=\"ldn\"}"])

        let inserted = AlertRouteSpec(matchers: [LabelMatcher(name: "site", value: "par")], receivers: ["chat"], groupWait: .zero)
        var edited = AlertDispatcher(routes: [inserted, named], log: dispatcher.logEntries)
        #expect(edited.process([Self.alert("a")], at: Self.t0 + 60).isEmpty, "same group: nothing new to say")
        var unnamed = AlertDispatcher(routes: [inserted, AlertRouteSpec(receivers: ["chat"], groupBy: ["site"], groupWait: .zero)],
                                      log: [])
        _ = unnamed.process([Self.alert("a")], at: Self.t0)
        #expect(unnamed.logEntries.map(\.groupKey) == ["route1:{site=\"ldn\"}"])
    }
}
