import Alerting
import Foundation
import NetsightModel

/// One evaluation through the pure stages, in `AlertPipeline.evaluate`'s order (server
/// target): rules, root cause, silences, maintenance, dispatcher (with the notification-log
/// diff the pipeline makes to persist it). The store reads and writes around them are not
/// here; `StoreBench` times the read of the samples.
struct BenchPipeline {
    var engine: AlertEngine
    var dispatcher: AlertDispatcher
    let graph: DependencyGraph
    let silences: [Silence]
    let windows: [MaintenanceWindow]

    struct Stages {
        var evaluate = Timing.zero
        var rootCause = Timing.zero
        var silence = Timing.zero
        var maintenance = Timing.zero
        var dispatch = Timing.zero
        var total: Timing { evaluate + rootCause + silence + maintenance + dispatch }
        var afterRules: Timing { rootCause + silence + maintenance + dispatch }
    }

    struct Tick {
        var stages: Stages
        var alerts: Int
        var firing: Int
        var suppressed: Int
        var muted: Int
        var events: Int
        var notifications: [AlertNotification]
    }

    init(rules: [CompiledRule], graph: DependencyGraph, silences: [Silence], windows: [MaintenanceWindow], routes: [AlertRouteSpec]) {
        engine = AlertEngine(rules: rules)
        dispatcher = AlertDispatcher(routes: routes, log: [])
        self.graph = graph
        self.silences = silences
        self.windows = windows
    }

    /// - Parameter check: also compare the muters with `ReferenceMutes` (not timed).
    mutating func run(_ snapshot: [MetricSample], at now: Date, check: Bool = false) -> Tick {
        var stages = Stages()
        let (evaluation, t1) = Measure.time { engine.evaluate(snapshot, at: now) }
        stages.evaluate = t1
        let (annotated, t2) = Measure.time { RootCauseAnalyzer.annotate(evaluation.alerts, graph: graph) }
        stages.rootCause = t2
        if check { ReferenceMutes.check(annotated, silences: silences, windows: windows, at: now) }
        // The server builds the muters from the store on every evaluation; so does this.
        let ((silenced, _), t3) = Measure.time { SilenceMuter(silences: silences).apply(annotated, at: now) }
        stages.silence = t3
        let (alerts, t4) = Measure.time { MaintenanceMuter(windows: windows).apply(silenced, at: now) }
        stages.maintenance = t4
        let ((notifications, changedLog), t5) = Measure.time {
            let before = Set(dispatcher.logEntries)
            let notifications = dispatcher.process(alerts, at: now)
            let changed = dispatcher.logEntries.filter { !before.contains($0) }
            return (notifications, changed)
        }
        stages.dispatch = t5
        _ = changedLog
        return Tick(
            stages: stages, alerts: alerts.count, firing: alerts.count { $0.state == .firing },
            suppressed: alerts.count { $0.isSuppressed }, muted: alerts.count { $0.isMuted }, events: evaluation.events.count,
            notifications: notifications)
    }
}
