import Foundation
import NetsightModel

/// Evaluates every rule against a snapshot of metric values and keeps, per (rule, series),
/// the lifecycle (`AlertStateMachine`) and flap history (`FlapDetector`).
///
/// Built for 10,000 rules over 100,000 series every 15 s: the snapshot is indexed once per
/// evaluation by metric and, for the labels rules compare with `=`, by (label, value), so
/// `device="sw-3"` reads one bucket instead of every series; a series that does not raise
/// and has no state costs one comparison and allocates nothing.
public struct AlertEngine: Sendable {
    public let rules: [CompiledRule]
    public let flapLow: Double
    public let flapHigh: Double
    public let resolvedRetention: Duration

    struct SeriesState: Sendable {
        var machine: AlertStateMachine
        var flap: FlapDetector
        var labels: LabelSet
        var id: String
        var value: Double
        var seen: UInt64
        /// Flapping stopped at the last step: the alert is shown once more, even inactive,
        /// so the dispatcher can send the settled message.
        var justSettled = false
    }

    /// Per rule index, keyed by the series' labels fingerprint.
    var states: [[UInt64: SeriesState]]
    var generation: UInt64 = 0
    /// Per metric, the label names some rule compares with `=`.
    let indexedLabels: [String: Set<String>]

    public init(
        rules: [CompiledRule], flapLow: Double = 20, flapHigh: Double = 30,
        resolvedRetention: Duration = .seconds(15 * 60), restoring alerts: [Alert] = []
    ) {
        self.rules = rules
        self.flapLow = flapLow
        self.flapHigh = flapHigh
        self.resolvedRetention = resolvedRetention
        var indexed: [String: Set<String>] = [:]
        for rule in rules { for equality in rule.equalities { indexed[rule.seriesMetric, default: []].insert(equality.name) } }
        indexedLabels = indexed
        states = Array(repeating: [:], count: rules.count)
        var ruleIndex: [String: Int] = [:]
        for (i, rule) in rules.enumerated() { ruleIndex[rule.spec.name] = i }
        for alert in alerts where alert.state != .inactive || alert.flapping {
            guard let i = ruleIndex[alert.rule] else { continue }
            // The series' own labels are the alert's minus what the rule added; a series
            // label the rule overrode cannot be recovered, so such an alert resolves as
            // "series gone" and the series starts afresh.
            var series = alert.labels
            series["alertname"] = nil
            series["severity"] = nil
            for name in rules[i].spec.labels.names { series[name] = nil }
            let flap = FlapDetector(low: flapLow, high: flapHigh, restoring: alert.flapHistory, flapping: alert.flapping)
            states[i][series.fingerprint] = SeriesState(
                machine: AlertStateMachine(restoring: alert, resolvedRetention: resolvedRetention), flap: flap,
                labels: alert.labels, id: alert.id, value: alert.value, seen: 0)
        }
    }

    /// The snapshot's samples grouped by metric, and by (label, value) for indexed labels.
    struct SnapshotIndex {
        var byMetric: [String: [Int]] = [:]
        var byLabel: [String: [String: [String: [Int]]]] = [:]
    }

    func index(_ snapshot: [MetricSample]) -> SnapshotIndex {
        var index = SnapshotIndex()
        for (i, sample) in snapshot.enumerated() {
            index.byMetric[sample.metric, default: []].append(i)
            guard let names = indexedLabels[sample.metric] else { continue }
            for (name, value) in sample.labels.pairs where names.contains(name) {
                index.byLabel[sample.metric, default: [:]][name, default: [:]][value, default: []].append(i)
            }
        }
        return index
    }

    public mutating func evaluate(_ snapshot: [MetricSample], at now: Date) -> AlertEvaluation {
        generation &+= 1
        let index = index(snapshot)
        var events: [AlertEvent] = []
        var fingerprints = [UInt64?](repeating: nil, count: snapshot.count)
        let empty: [Int] = []
        for (r, rule) in rules.enumerated() {
            let spec = rule.spec
            var candidates = index.byMetric[rule.seriesMetric] ?? empty
            for equality in rule.equalities {
                let bucket = index.byLabel[rule.seriesMetric]?[equality.name]?[equality.value] ?? empty
                if bucket.count < candidates.count { candidates = bucket }
            }
            for i in candidates {
                let sample = snapshot[i]
                let raises = spec.condition.raises(sample.value)
                if !raises && states[r].isEmpty { continue }
                guard CompiledMatcher.all(rule.matchers, match: sample.labels) else { continue }
                let fingerprint: UInt64
                if let known = fingerprints[i] {
                    fingerprint = known
                } else {
                    fingerprint = sample.labels.fingerprint
                    fingerprints[i] = fingerprint
                }
                if !raises && states[r][fingerprint] == nil { continue }
                var series = states[r][fingerprint] ?? makeState(rule: spec, series: sample.labels)
                series.seen = generation
                series.value = sample.value
                step(&series, value: sample.value, rule: spec, at: now, events: &events)
                store(series, rule: r, fingerprint: fingerprint)
            }
            // Series the rule had state for that are not in this snapshot.
            for (fingerprint, var series) in states[r] where series.seen != generation {
                series.seen = generation
                step(&series, value: nil, rule: spec, at: now, events: &events)
                store(series, rule: r, fingerprint: fingerprint)
            }
        }
        var alerts: [Alert] = []
        for (r, rule) in rules.enumerated() {
            // Inactive series are shown while they flap (a flap under `for` never fires) and
            // once when they settle.
            for series in states[r].values where series.machine.state != .inactive || series.flap.isFlapping || series.justSettled {
                alerts.append(alert(for: series, rule: rule, at: now))
            }
        }
        return AlertEvaluation(alerts: alerts, events: events)
    }

    func makeState(rule: AlertRuleSpec, series: LabelSet) -> SeriesState {
        var labels = series.merging(rule.labels)
        labels["alertname"] = rule.name
        labels["severity"] = rule.severity.rawValue
        return SeriesState(
            machine: AlertStateMachine(resolvedRetention: resolvedRetention), flap: FlapDetector(low: flapLow, high: flapHigh),
            labels: labels, id: labels.fingerprintHex, value: 0, seen: generation)
    }

    /// Drops a series' state once it holds nothing a fresh one would not.
    mutating func store(_ series: SeriesState, rule r: Int, fingerprint: UInt64) {
        if series.machine.state == .inactive && series.flap.isQuiet {
            states[r][fingerprint] = nil
        } else {
            states[r][fingerprint] = series
        }
    }

    /// One observation through the state machine, then the flap detector. The detector is
    /// fed the hysteresis-applied condition every evaluation, so `for` does not hide flaps.
    func step(_ series: inout SeriesState, value: Double?, rule: AlertRuleSpec, at now: Date, events: inout [AlertEvent]) {
        if let change = series.machine.observe(value, at: now, rule: rule) {
            switch change.to {
            case .firing:
                events.append(AlertEvent(time: now, alertID: series.id, rule: rule.name, kind: .raised, detail: change.detail))
            case .resolved where change.from == .firing:
                events.append(AlertEvent(time: now, alertID: series.id, rule: rule.name, kind: .resolved, detail: change.detail))
            default: break
            }
        }
        let state = series.machine.state
        let problem = state == .pending || state == .firing || (value.map(rule.condition.raises) ?? false)
        let change = series.flap.record(problem: problem)
        series.justSettled = change == .stopped
        switch change {
        case .started?:
            events.append(
                AlertEvent(
                    time: now, alertID: series.id, rule: rule.name, kind: .flappingStarted,
                    detail: "state change \(Self.percentText(series.flap.percent))% >= \(Self.percentText(flapHigh))%"))
        case .stopped?:
            events.append(
                AlertEvent(
                    time: now, alertID: series.id, rule: rule.name, kind: .flappingStopped,
                    detail: "state change \(Self.percentText(series.flap.percent))% <= \(Self.percentText(flapLow))%, \(state.rawValue)"))
        case nil: break
        }
    }

    func alert(for series: SeriesState, rule: CompiledRule, at now: Date) -> Alert {
        let spec = rule.spec
        return Alert(
            id: series.id, rule: spec.name, metric: spec.metric, labels: series.labels, severity: spec.severity,
            state: series.machine.state, value: series.value,
            summary: rule.template.render(labels: series.labels, value: series.value, rule: spec), runbook: spec.runbook,
            activeSince: series.machine.activeSince, firingSince: series.machine.firingSince,
            resolvedAt: series.machine.resolvedAt, lastEvaluatedAt: now, flapping: series.flap.isFlapping,
            flapPercent: series.flap.percent, flapHistory: series.flap.encodedHistory)
    }

    static func percentText(_ p: Double) -> String { String(format: "%.1f", p) }
}
