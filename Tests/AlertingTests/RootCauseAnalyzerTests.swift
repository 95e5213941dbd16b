import Alerting
import Foundation
import NetsightModel
import Testing

@Suite struct RootCauseAnalyzerTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// core-1 and core-2 are the cores; sw-1 hangs off core-1, sw-2 off sw-1, sw-dual off both
    /// cores; edge-par (another site) is known only through LLDP, cabled to core-1.
    static let graph = DependencyGraph(
        devices: [
            DependencyDevice(name: "core-1", site: "ldn"),
            DependencyDevice(name: "core-2", site: "ldn"),
            DependencyDevice(name: "sw-1", site: "ldn", parents: ["core-1"]),
            DependencyDevice(name: "sw-2", site: "ldn", parents: ["sw-1"]),
            DependencyDevice(name: "sw-dual", site: "ldn", parents: ["core-1", "core-2"]),
            DependencyDevice(name: "edge-par", site: "par"),
        ],
        links: [
            TopologyLink(device: "core-1", port: "Gi0/1", neighbour: "edge-par", neighbourPort: "Gi0/0"),
            TopologyLink(device: "core-1", port: "Gi0/2", neighbour: "sw-1", neighbourPort: "Gi0/48"),
            TopologyLink(device: "core-1", port: "Gi0/3", neighbour: "core-2", neighbourPort: "Gi0/3"),
        ])

    static func alert(_ id: String, metric: String, _ labels: [String: String], state: AlertState = .firing) -> Alert {
        Alert(
            id: id, rule: metric, metric: metric, labels: LabelSet(labels), severity: .critical, state: state, value: 0,
            summary: id, lastEvaluatedAt: now)
    }

    static func down(_ device: String, state: AlertState = .firing) -> Alert {
        alert("up-\(device)", metric: "device_up", ["device": device], state: state)
    }

    @Test func lldpOrientsLinksByHopsFromTheTops() {
        let graph = Self.graph
        #expect(graph.parents["edge-par"] == ["core-1"])
        #expect(graph.parents["sw-1"] == ["core-1"])
        #expect(graph.parents["core-1"] == nil)
        #expect(graph.parents["core-2"] == nil, "two cores at equal distance do not depend on each other")
        #expect(graph.hops["sw-2"] == 2)
    }

    static let fixed: [Alert] = [
        alert("if-sw1", metric: "if_oper_status", ["device": "sw-1", "ifname": "Gi0/1"]),
        alert("probe-sw2", metric: "probe_loss", ["device": "sw-2", "target": "10.0.0.1"]),
        alert("if-core1", metric: "if_oper_status", ["device": "core-1", "ifname": "Gi0/2"]),
        alert("if-par", metric: "if_oper_status", ["device": "edge-par", "ifname": "Gi0/0"]),
        alert("if-par-other", metric: "if_oper_status", ["device": "edge-par", "ifname": "Gi0/5"]),
        alert("if-dual", metric: "if_oper_status", ["device": "sw-dual", "ifname": "Gi0/1"]),
        alert("old-sw1", metric: "if_errors", ["device": "sw-1"], state: .resolved),
    ]

    @Test(arguments: [
        // The core incident: everything behind core-1 points at it, the neighbour port too.
        (["core-1", "sw-1", "sw-2"], [
            "up-core-1": nil, "up-sw-1": "up-core-1", "up-sw-2": "up-core-1", "if-sw1": "up-core-1",
            "probe-sw2": "up-core-1", "if-core1": "up-core-1", "if-par": "up-core-1", "if-par-other": nil,
            "if-dual": nil, "old-sw1": nil,
        ]),
        // sw-1 alone: its own alerts and sw-2's hang under it, and so does core-1's port facing it.
        (["sw-1", "sw-2"], [
            "up-sw-1": nil, "up-sw-2": "up-sw-1", "if-sw1": "up-sw-1", "probe-sw2": "up-sw-1", "if-core1": "up-sw-1",
            "if-par": nil, "if-par-other": nil, "if-dual": nil, "old-sw1": nil,
        ]),
        // One of sw-dual's two parents down: sw-dual is a root of its own.
        (["core-1", "sw-dual"], [
            "up-core-1": nil, "up-sw-dual": nil, "if-dual": "up-sw-dual", "if-sw1": nil, "probe-sw2": nil,
            "if-core1": "up-core-1", "if-par": "up-core-1", "if-par-other": nil, "old-sw1": nil,
        ]),
        // Both parents down: sw-dual is unreachable; core-1 wins the tie on name (both at hop 0).
        (["core-1", "core-2", "sw-dual"], [
            "up-core-1": nil, "up-core-2": nil, "up-sw-dual": "up-core-1", "if-dual": "up-core-1",
        ]),
        // sw-2 down under a healthy sw-1: a root, not a symptom.
        (["sw-2"], ["up-sw-2": nil, "probe-sw2": "up-sw-2", "if-sw1": nil]),
    ] as [([String], [String: String?])])
    func attributesSymptomsToTheirRoot(failed: [String], expected: [String: String?]) {
        let alerts = Self.fixed + failed.map { Self.down($0) }
        let annotated = RootCauseAnalyzer.annotate(alerts, graph: Self.graph)
        let byID = Dictionary(uniqueKeysWithValues: annotated.map { ($0.id, $0) })
        for (id, root) in expected {
            #expect(byID[id]?.rootCause == root, "\(id)")
        }
        // Every symptom is listed exactly once in its root's impact, in a stable order.
        for alert in annotated where alert.rootCause == nil {
            let symptoms = annotated.filter { $0.rootCause == alert.id }.map(\.id)
            #expect(Set(alert.impact.map(\.id)) == Set(symptoms))
            #expect(alert.impact.count == symptoms.count)
            #expect(alert.impact.map(\.labels.description) == alert.impact.map(\.labels.description).sorted())
        }
    }

    @Test func pendingDeviceUpCountsAndResolvedDoesNot() {
        let pending = RootCauseAnalyzer.annotate([Self.down("core-1", state: .pending), Self.down("sw-1")], graph: Self.graph)
        #expect(pending.first { $0.id == "up-sw-1" }?.rootCause == "up-core-1")
        let resolved = RootCauseAnalyzer.annotate([Self.down("core-1", state: .resolved), Self.down("sw-1")], graph: Self.graph)
        #expect(resolved.first { $0.id == "up-sw-1" }?.rootCause == nil)
    }

    /// When core-1 comes back, the neighbour port at par and sw-1 recover at their next poll:
    /// within the hold they stay symptoms of the resolved core alert, after it they are faults
    /// of their own. A new core-1 outage inside the hold takes over from the resolved one.
    @Test func symptomsStayWithARecoveredRootDuringTheHold() {
        var core = Self.down("core-1", state: .resolved)
        core.resolvedAt = Self.now - 30
        let leftovers = [core, Self.down("sw-1"), Self.fixed[3]]
        let held = RootCauseAnalyzer.annotate(leftovers, graph: Self.graph, at: Self.now, recoveryHold: 120)
        #expect(held.map(\.rootCause) == [nil, "up-core-1", "up-core-1"])
        #expect(held[0].impact.map(\.id) == ["if-par", "up-sw-1"])

        let after = RootCauseAnalyzer.annotate(leftovers, graph: Self.graph, at: Self.now + 90, recoveryHold: 120)
        #expect(after.map(\.rootCause) == [nil, nil, nil])
        #expect(after[0].impact.isEmpty)
        #expect(RootCauseAnalyzer.annotate(leftovers, graph: Self.graph).map(\.rootCause) == [nil, nil, nil], "no hold by default")

        var again = Self.down("core-1")
        again.id = "up-core-1-b"
        let both = RootCauseAnalyzer.annotate(leftovers + [again], graph: Self.graph, at: Self.now, recoveryHold: 120)
        #expect(both.map(\.rootCause) == [nil, "up-core-1-b", "up-core-1-b", nil], "the active alert is the root")
    }

    @Test func staleAnnotationsAreCleared() {
        var stale = Self.down("sw-1")
        stale.rootCause = "up-core-1"
        stale.impact = [AlertImpact(id: "x", rule: "x", labels: [:], summary: "x")]
        let annotated = RootCauseAnalyzer.annotate([stale], graph: Self.graph)
        #expect(annotated[0].rootCause == nil)
        #expect(annotated[0].impact.isEmpty)
    }

    @Test func aLoopOfFailedDevicesStillGetsOneRoot() {
        let graph = DependencyGraph(
            devices: [DependencyDevice(name: "a", site: "x", parents: ["b"]), DependencyDevice(name: "b", site: "x", parents: ["a"])],
            links: [])
        let annotated = RootCauseAnalyzer.annotate([Self.down("a"), Self.down("b")], graph: graph)
        #expect(annotated.map(\.rootCause) == [nil, "up-a"])
    }

    @Test func inputOrderDoesNotChangeTheAnswer() {
        let alerts = Self.fixed + ["core-1", "core-2", "sw-dual", "sw-1"].map { Self.down($0) }
        let forward = RootCauseAnalyzer.annotate(alerts, graph: Self.graph)
        let backward = RootCauseAnalyzer.annotate(alerts.reversed(), graph: Self.graph)
        #expect(Dictionary(uniqueKeysWithValues: forward.map { ($0.id, $0) }) == Dictionary(uniqueKeysWithValues: backward.map { ($0.id, $0) }))
    }
}
