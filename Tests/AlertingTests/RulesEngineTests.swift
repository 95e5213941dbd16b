import Alerting
import Foundation
import NetsightModel
import Testing

/// The pure rules engine: flap detection (Nagios' weights), the per-series state machine
/// with hysteresis, templates, matcher text, and whole evaluations.
@Suite struct RulesEngineTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    // MARK: Flap detection

    /// Records `states` into a detector whose history is first filled with 21 ok states.
    static func percent(after states: [Bool]) -> Double {
        var d = FlapDetector()
        for _ in 0..<21 { _ = d.record(problem: false) }
        for s in states { _ = d.record(problem: s) }
        return d.percent
    }

    @Test func flapPercentMatchesNagiosWeights() {
        // 21 alternating states: all 20 transitions, Σw = 20 · 1.0 → 100 %.
        #expect(abs(Self.percent(after: (0..<21).map { $0 % 2 == 0 }) - 100) < 1e-9)
        // One transition, the newest: weight 1.25 → 100 · 1.25 / 20 = 6.25 %.
        #expect(abs(Self.percent(after: [true]) - 6.25) < 1e-9)
        // The same transition when it is the oldest of the window: weight 0.75 → 3.75 %.
        #expect(abs(Self.percent(after: [true] + Array(repeating: true, count: 19)) - 3.75) < 1e-9)
        // Steady states: 0 %.
        #expect(Self.percent(after: Array(repeating: false, count: 21)) == 0)
    }

    @Test func flappingStartsAtHighAndStopsAtLow() {
        var d = FlapDetector(low: 20, high: 30)
        for _ in 0..<21 { _ = d.record(problem: false) }
        var changes: [FlapChange] = []
        for i in 0..<8 { if let c = d.record(problem: i % 2 == 0) { changes.append(c) } }
        #expect(d.isFlapping && changes.count == 1)
        // Settles: each steady state pushes a transition out of the window.
        var stopped = false
        for _ in 0..<21 where !stopped { if d.record(problem: false) != nil { stopped = true } }
        #expect(stopped && !d.isFlapping && d.percent <= 20)
    }

    /// A series that flaps faster than its rule's `for` never fires; it is shown (inactive
    /// or pending) while it flaps, once more when it settles, and a restart continues its
    /// history instead of announcing it settled.
    @Test func aFlapUnderForIsShownWhileFlappingOnceSettledAndSurvivesARestart() throws {
        let rule = AlertRuleSpec(
            name: "IfDown", metric: "interface_oper_up", condition: AlertCondition(.equal, raise: 0, clear: 0),
            forDuration: .seconds(60), severity: .major, summary: "down")
        var engine = AlertEngine(rules: [try CompiledRule(rule)])
        func sample(_ up: Bool) -> [MetricSample] {
            [MetricSample(metric: "interface_oper_up", labels: ["device": "r-fra", "ifname": "flap0"], value: up ? 1 : 0, timestampMillis: 0)]
        }
        var t = 0.0
        func step(_ e: inout AlertEngine, up: Bool) -> AlertEvaluation {
            t += 1
            return e.evaluate(sample(up), at: Self.t0.addingTimeInterval(t))
        }
        var last = step(&engine, up: true)
        var flappingSeen = false
        for i in 0..<12 {
            last = step(&engine, up: i % 2 == 1)
            if last.alerts.first?.flapping == true { flappingSeen = true }
        }
        #expect(flappingSeen)
        let flapping = try #require(last.alerts.first)
        #expect(flapping.flapping && flapping.state != .firing && flapping.flapHistory?.count == 21)

        // A restart in the middle: the restored engine is still flapping, not settled.
        var restarted = AlertEngine(rules: [try CompiledRule(rule)], restoring: last.alerts)
        let after = step(&restarted, up: true)
        #expect(after.alerts.first?.flapping == true)
        #expect(!after.events.contains { $0.kind == .flappingStopped })

        // Steady: it settles once, is shown that one time, then no more.
        var shownSettled = 0
        var stopped = 0
        for _ in 0..<25 {
            let e = step(&restarted, up: true)
            stopped += e.events.filter { $0.kind == .flappingStopped }.count
            shownSettled += e.alerts.filter { !$0.flapping && $0.state == .inactive }.count
        }
        #expect(stopped == 1 && shownSettled == 1)
        #expect(step(&restarted, up: true).alerts.isEmpty)
    }

    // MARK: State machine

    static let busy = AlertRuleSpec(
        name: "Busy", metric: "interface_utilisation_percent", condition: AlertCondition(.above, raise: 90, clear: 80),
        forDuration: .seconds(60), severity: .warning, summary: "{{ $labels.ifname }} at {{ $value }}%")

    @Test func pendingFiringHysteresisAndResolution() {
        var m = AlertStateMachine()
        func at(_ s: Double) -> Date { Self.t0.addingTimeInterval(s) }
        #expect(m.observe(50, at: at(0), rule: Self.busy) == nil && m.state == .inactive)
        #expect(m.observe(95, at: at(15), rule: Self.busy)?.to == .pending)
        #expect(m.observe(95, at: at(60), rule: Self.busy) == nil && m.state == .pending, "for is 60 s")
        #expect(m.observe(92, at: at(75), rule: Self.busy)?.to == .firing)
        #expect(m.firingSince == at(75) && m.activeSince == at(15))
        // Between clear and raise: still firing (hysteresis).
        #expect(m.observe(85, at: at(90), rule: Self.busy) == nil && m.state == .firing)
        #expect(m.observe(79, at: at(105), rule: Self.busy)?.to == .resolved)
        #expect(m.resolvedAt == at(105))
        // Raises again: a new pending period.
        #expect(m.observe(99, at: at(120), rule: Self.busy)?.to == .pending)
    }

    @Test func pendingThatStopsGoesInactiveAndAbsentSeriesResolve() {
        var m = AlertStateMachine()
        _ = m.observe(95, at: Self.t0, rule: Self.busy)
        #expect(m.observe(85, at: Self.t0.addingTimeInterval(15), rule: Self.busy)?.to == .inactive)
        var f = AlertStateMachine()
        let instant = AlertRuleSpec(name: "Down", metric: "device_up", condition: AlertCondition(.equal, raise: 0))
        #expect(f.observe(0, at: Self.t0, rule: instant)?.to == .firing, "no for: fires at once")
        let gone = f.observe(nil, at: Self.t0.addingTimeInterval(15), rule: instant)
        #expect(gone?.to == .resolved && gone?.detail.contains("series gone") == true)
    }

    // MARK: Templates and matchers

    @Test func templatesRenderAndBadOnesNameTheOffset() throws {
        let t = try AlertTemplate(#"{{ $labels.device }} {{ $labels.ifname }} at {{ $value | printf "%.1f" }}% ({{ $labels.missing }})"#)
        #expect(t.render(labels: ["device": "sw-1", "ifname": "ge-0/0/1"], value: 93.25, rule: Self.busy) == "sw-1 ge-0/0/1 at 93.2% ()")
        #expect(throws: AlertTemplateError.self) { try AlertTemplate("{{ $labels.device ") }
        #expect(throws: AlertTemplateError.self) { try AlertTemplate("{{ $nope }}") }
        #expect(throws: AlertTemplateError.self) { try AlertTemplate(#"{{ $value | printf "%q" }}"#) }
    }

    @Test func matcherTextRoundTrips() throws {
        for text in [#"site="ldn""#, #"ifname=~"xe-.*""#, #"team!="net""#, #"dev!~"sw-[0-9]+""#, #"say="a \"quoted\" \\ word""#] {
            #expect(try LabelMatcher.parse(text).description == text)
        }
        #expect(try LabelMatcher.parse("site=ldn") == LabelMatcher(name: "site", value: "ldn"))
        #expect(try LabelMatcher.parseList(#"{site="ldn", ifname=~"xe-.*"}"#).count == 2)
        #expect(throws: MatcherError.self) { try LabelMatcher.parse("site") }
        #expect(throws: MatcherError.self) { try LabelMatcher.parse(#"site="ldn"#) }
    }

    // MARK: Engine

    @Test func engineLabelsAlertsAndRestoresWithoutANewRaise() throws {
        let rule = AlertRuleSpec(
            name: "DeviceDown", metric: "device_up", matchers: [LabelMatcher(name: "site", value: "ldn")],
            condition: AlertCondition(.equal, raise: 0), severity: .critical, labels: ["team": "net"],
            summary: "{{ $labels.device }} down")
        var engine = AlertEngine(rules: [try CompiledRule(rule)])
        let samples = [
            MetricSample(metric: "device_up", labels: ["device": "core-1", "site": "ldn"], value: 0, timestampMillis: 0),
            MetricSample(metric: "device_up", labels: ["device": "core-2", "site": "nyc"], value: 0, timestampMillis: 0),
            MetricSample(metric: "device_up", labels: ["device": "sw-1", "site": "ldn"], value: 1, timestampMillis: 0),
        ]
        let first = engine.evaluate(samples, at: Self.t0)
        #expect(first.alerts.count == 1, "nyc is not matched, sw-1 is up")
        let alert = try #require(first.alerts.first)
        #expect(alert.labels == ["alertname": "DeviceDown", "device": "core-1", "severity": "critical", "site": "ldn", "team": "net"])
        #expect(alert.id == alert.labels.fingerprintHex && alert.summary == "core-1 down" && alert.state == .firing)
        #expect(first.events.map(\.kind) == [.raised])

        var restarted = AlertEngine(rules: [try CompiledRule(rule)], restoring: first.alerts)
        let again = restarted.evaluate(samples, at: Self.t0.addingTimeInterval(15))
        #expect(again.alerts.map(\.id) == [alert.id] && again.alerts.first?.firingSince == Self.t0)
        #expect(again.events.isEmpty, "a restored firing alert is not raised twice")
    }

    @Test func badRulesAreRejectedNamingTheField() {
        func field(_ spec: AlertRuleSpec) -> String? {
            do { _ = try CompiledRule(spec); return nil } catch { return error.field }
        }
        #expect(field(AlertRuleSpec(name: "A", metric: "device_upp", condition: AlertCondition(.equal, raise: 0))) == "metric")
        #expect(field(AlertRuleSpec(name: "A", metric: "device_cpu_percent", condition: AlertCondition(.above, raise: 80, clear: 90))) == "clear")
        #expect(field(AlertRuleSpec(name: "A", metric: "device_up", condition: AlertCondition(.equal, raise: 0), summary: "{{ $x }}")) == "summary")
        let dup = AlertRuleValidator.validate([
            AlertRuleSpec(name: "A", metric: "device_up", condition: AlertCondition(.equal, raise: 0)),
            AlertRuleSpec(name: "A", metric: "device_up", condition: AlertCondition(.equal, raise: 0)),
        ])
        #expect(dup.errors.map(\.field) == ["name"] && dup.rules.count == 1)
    }
}
