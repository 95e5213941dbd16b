import Alerting
import Foundation
import NetsightModel

/// Item 3: an alert storm. After 3 quiet ticks, core-1 fails: it and the 1,000 devices
/// behind it (sites s00-s49, whose only parent it is) report device_up 0, every interface
/// of theirs oper-down and every probe to them failing, the worst case the rules can
/// make of it (in practice their polls fail and the last interface values stay). At the
/// same tick, independent faults elsewhere: 20 switches down on their own and 200
/// interfaces down in other sites. The storm is held for 4 ticks: T (everything fires and
/// is grouped; groups wait `group_wait`), T+15 s, T+30 s (the groups are notified),
/// T+45 s.
struct StormBench {
    let network: BenchNetwork
    let rules: [CompiledRule]
    let graph: DependencyGraph
    let rounds: Int

    func run() {
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let silences = BenchMutes.silences(network, now: start)
        let windows = BenchMutes.maintenanceWindows(network, now: start)
        let count = network.samples.count
        let behind = network.subtree(of: "core-1")
        var independentDevices: Set<Int> = []
        let elsewhere = network.devices.indices.filter { !behind.contains($0) && network.devices[$0].role == .access }
        for k in 0..<20 { independentDevices.insert(elsewhere[(k * 37) % elsewhere.count]) }
        let interfaceDown = (0..<count).filter {
            network.samples[$0].metric == "interface_oper_up" && !behind.contains(network.deviceIndex[$0])
                && !independentDevices.contains(network.deviceIndex[$0])
        }
        var pick = SeededRandom(seed: 17)
        var independentInterfaces: Set<Int> = []
        while independentInterfaces.count < 200 { independentInterfaces.insert(interfaceDown[Int.random(in: 0..<interfaceDown.count, using: &pick)]) }
        let failing: Set<String> = ["device_up", "interface_oper_up", "probe_success"]

        struct Round {
            var ticks: [BenchPipeline.Tick] = []
            var behindAlerts = 0
            var roots = 0
            var largestImpact = 0
            var peak = 0.0
        }
        var results: [Round] = []
        for r in 0..<rounds {
            Measure.resetPeakRSS()
            var round = Round()
            var pipeline = BenchPipeline(rules: rules, graph: graph, silences: silences, windows: windows, routes: BenchMutes.routes)
            var snapshot = network.samples
            var noise = SeededRandom(seed: 19)
            for tick in 0..<7 {
                let storm = tick >= 3
                for i in 0..<count {
                    let device = network.deviceIndex[i]
                    let metric = network.samples[i].metric
                    if storm && failing.contains(metric)
                        && (behind.contains(device) || independentDevices.contains(device) || independentInterfaces.contains(i))
                    {
                        snapshot[i].value = 0
                    } else if BenchNetwork.isStatus(metric) {
                        snapshot[i].value = network.baseline[i]
                    } else {
                        snapshot[i].value = network.baseline[i] * Double.random(in: 0.9...1.1, using: &noise)
                    }
                }
                let now = start + Double(tick) * 15
                if tick == 3 {
                    // Look at the storm tick's alerts once, outside the timing, for the counts.
                    var probe = pipeline
                    let evaluation = probe.engine.evaluate(snapshot, at: now)
                    let annotated = RootCauseAnalyzer.annotate(evaluation.alerts, graph: graph)
                    let behindNames = Set(behind.map { network.devices[$0].name })
                    round.behindAlerts = annotated.count { $0.state == .firing && behindNames.contains($0.labels["device"] ?? "") }
                    round.roots = annotated.count { !$0.impact.isEmpty }
                    round.largestImpact = annotated.map(\.impact.count).max() ?? 0
                }
                let result = pipeline.run(snapshot, at: now, check: r == 0 && tick == 3)
                if tick >= 3 { round.ticks.append(result) }
            }
            round.peak = Measure.peakRSSMiB()
            results.append(round)
        }

        let first = results[0]
        print("\n== 3. Storm: core-1 fails with \(behind.count - 1) devices behind it, plus 20 switches and 200 interfaces down elsewhere; \(rounds) rounds (load \(Measure.loadAverage()))")
        print(
            "   at T: \(grouped(first.ticks[0].alerts)) alerts (\(grouped(first.ticks[0].firing)) firing, \(grouped(first.behindAlerts)) of them on the devices behind core-1), "
                + "\(grouped(first.ticks[0].suppressed)) suppressed as symptoms under \(first.roots) root alerts (largest impact list \(grouped(first.largestImpact))), "
                + "\(grouped(first.ticks[0].muted)) muted; events \(grouped(first.ticks[0].events))")
        print("   median / max over the rounds, milliseconds, wall (CPU)")
        print("   | tick | rules | root cause | silences | maintenance | dispatcher | route and group (all after rules) | all stages | notifications (alerts in them) |")
        print("   |---|---|---|---|---|---|---|---|---|")
        for (t, label) in ["T (storm)", "T+15 s", "T+30 s (group_wait over)", "T+45 s"].enumerated() {
            let ticks = results.map { $0.ticks[t] }
            func cell(_ pick: (BenchPipeline.Stages) -> Timing) -> String {
                let wall = Summary(ticks.map { pick($0.stages).wall })
                let cpu = Summary(ticks.map { pick($0.stages).cpu })
                return "\(ms(wall.median)) / \(ms(wall.max)) (\(ms(cpu.median)) / \(ms(cpu.max)))"
            }
            let n = ticks[0].notifications
            let shown = n.reduce(0) { $0 + $1.alerts.count }
            print(
                "   | \(label) | \(cell { $0.evaluate }) | \(cell { $0.rootCause }) | \(cell { $0.silence }) | \(cell { $0.maintenance }) | "
                    + "\(cell { $0.dispatch }) | \(cell { $0.afterRules }) | \(cell { $0.total }) | \(n.count) (\(shown)) |")
        }
        let notified = first.ticks[2].notifications
        let byReceiver = Dictionary(grouping: notified, by: \.receiver).mapValues(\.count)
        let biggest = notified.max { $0.alerts.count < $1.alerts.count }
        let biggestImpact = notified.flatMap(\.alerts).map(\.impact.count).max() ?? 0
        print(
            "   notifications at T+30 s: \(notified.count) (\(byReceiver.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))); "
                + "largest \(biggest?.alerts.count ?? 0) alerts (group \(biggest?.groupKey ?? "-")); the largest impact list carried: \(grouped(biggestImpact)) symptoms")
        print("   peak RSS per round (VmHWM): \(results.map { mib($0.peak) }.joined(separator: ", ")) MiB")
    }
}
