import Alerting
import Foundation
import NetsightModel

/// Items 1 and 2: 40 consecutive evaluations, 15 s apart, of every rule over the whole
/// snapshot, each followed by the later stages, from a fresh engine and dispatcher per
/// round.
///
/// - tick 0: the first evaluation after start (no state yet);
/// - ticks 1-9: steady state (values move by up to ±10 %; ~0.1 % of series are always past
///   their thresholds, so some alerts exist, as in a real network);
/// - tick 10: 1 % of the series (1,000, drawn at random) cross every threshold at once;
/// - ticks 11-34: they stay there (alerts with `for: 0` fire at tick 10, their groups are
///   notified at tick 12 after `group_wait`, `for: 1m`/`2m`/`5m` rules fire at ticks
///   14/18/30);
/// - tick 35: they recover (resolutions); ticks 36-39: after.
struct EvaluationBench {
    let network: BenchNetwork
    let rules: [CompiledRule]
    let graph: DependencyGraph
    let rounds: Int
    let trace: Bool

    static let ticks = 40
    static let crossAt = 10
    static let recoverAt = 35
    static let interval: TimeInterval = 15

    enum Phase: String, CaseIterable {
        case first = "first (tick 0)"
        case steady = "steady (ticks 1-9)"
        case cross = "1 % cross (tick 10)"
        case held = "held (ticks 11-29, 31-34)"
        case forFires = "for: 5m fires (tick 30)"
        case recover = "recover (tick 35)"
        case after = "after (ticks 36-39)"

        static func of(_ tick: Int) -> Phase {
            switch tick {
            case 0: .first
            case 1..<EvaluationBench.crossAt: .steady
            case EvaluationBench.crossAt: .cross
            case 30: .forFires
            case EvaluationBench.recoverAt: .recover
            case (EvaluationBench.recoverAt + 1)...: .after
            default: .held
            }
        }
    }

    func run() {
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let silences = BenchMutes.silences(network, now: start)
        let windows = BenchMutes.maintenanceWindows(network, now: start)
        let count = network.samples.count
        // Always past a threshold: ~0.1 % of the series.
        let persistent = Set((0..<count).filter { $0 % 997 == 3 })
        var pick = SeededRandom(seed: 11)
        var crossing: Set<Int> = []
        while crossing.count < count / 100 { crossing.insert(Int.random(in: 0..<count, using: &pick)) }
        let isStatus = network.samples.map { BenchNetwork.isStatus($0.metric) }
        let bad = (0..<count).map { network.badValue($0) }

        var byPhase: [Phase: [BenchPipeline.Tick]] = [:]
        var peaks: [Double] = []
        var roundTotals: [Timing] = []
        for round in 0..<rounds {
            Measure.resetPeakRSS()
            var pipeline = BenchPipeline(
                rules: rules, graph: graph, silences: silences, windows: windows, routes: BenchMutes.routes)
            var snapshot = network.samples
            var noise = SeededRandom(seed: 13)
            var roundTotal = Timing.zero
            for tick in 0..<Self.ticks {
                let crossed = tick >= Self.crossAt && tick < Self.recoverAt
                for i in 0..<count {
                    let value: Double
                    if persistent.contains(i) || (crossed && crossing.contains(i)) {
                        value = bad[i]
                    } else if isStatus[i] {
                        value = network.baseline[i]
                    } else {
                        value = network.baseline[i] * Double.random(in: 0.9...1.1, using: &noise)
                    }
                    snapshot[i].value = value
                }
                let now = start + Double(tick) * Self.interval
                let result = pipeline.run(snapshot, at: now, check: round == 0 && [Self.crossAt, 30, Self.recoverAt].contains(tick))
                roundTotal = roundTotal + result.stages.total
                byPhase[Phase.of(tick), default: []].append(result)
                if trace && round == 0 {
                    let s = result.stages
                    print(
                        "  trace tick \(tick): rules \(ms(s.evaluate.wall)) ms, root cause \(ms(s.rootCause.wall)), silences \(ms(s.silence.wall)), "
                            + "maintenance \(ms(s.maintenance.wall)), dispatch \(ms(s.dispatch.wall)) ms; alerts \(result.alerts) "
                            + "(firing \(result.firing), suppressed \(result.suppressed), muted \(result.muted)), events \(result.events), "
                            + "notifications \(result.notifications.count)")
                }
            }
            peaks.append(Measure.peakRSSMiB())
            roundTotals.append(roundTotal)
        }

        print("\n== 1-2. Evaluation: \(grouped(rules.count)) rules over \(grouped(count)) series, \(Self.ticks) ticks 15 s apart, \(rounds) rounds (load \(Measure.loadAverage()))")
        print("   per phase, over all its ticks in all rounds: median / max, milliseconds, wall (CPU)")
        print("   | phase | ticks | rules (AlertEngine.evaluate) | root cause | silences | maintenance | dispatcher | all stages | alerts | firing | suppressed | muted | events | notifications |")
        print("   |---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for phase in Phase.allCases {
            guard let ticks = byPhase[phase] else { continue }
            func cell(_ pick: (BenchPipeline.Stages) -> Timing) -> String {
                let wall = Summary(ticks.map { pick($0.stages).wall })
                let cpu = Summary(ticks.map { pick($0.stages).cpu })
                return "\(ms(wall.median)) / \(ms(wall.max)) (\(ms(cpu.median)) / \(ms(cpu.max)))"
            }
            func counts(_ pick: (BenchPipeline.Tick) -> Int) -> String {
                let values = ticks.map(pick)
                let lo = values.min() ?? 0, hi = values.max() ?? 0
                return lo == hi ? grouped(lo) : "\(grouped(lo))-\(grouped(hi))"
            }
            print(
                "   | \(phase.rawValue) | \(ticks.count) | \(cell { $0.evaluate }) | \(cell { $0.rootCause }) | \(cell { $0.silence }) | "
                    + "\(cell { $0.maintenance }) | \(cell { $0.dispatch }) | \(cell { $0.total }) | \(counts { $0.alerts }) | "
                    + "\(counts { $0.firing }) | \(counts { $0.suppressed }) | \(counts { $0.muted }) | \(counts { $0.events }) | "
                    + "\(counts { $0.notifications.count }) |")
        }
        let all = byPhase.values.flatMap { $0 }
        let worst = all.map { $0.stages.total.wall }.max() ?? 0
        let evalWall = Summary(all.map { $0.stages.evaluate.wall })
        print(
            "   worst tick, all stages: \(ms(worst)) ms wall = \(String(format: "%.2f", worst / Self.interval * 100)) % of the 15 s budget; "
                + "rules alone: median \(ms(evalWall.median)) ms, max \(ms(evalWall.max)) ms")
        print("   per round (\(Self.ticks) ticks), all stages: wall \(roundTotals.map { String(format: "%.2f", $0.wall) }.joined(separator: ", ")) s; "
            + "CPU \(roundTotals.map { String(format: "%.2f", $0.cpu) }.joined(separator: ", ")) s")
        print("   peak RSS per round (VmHWM, whole process incl. the workload): \(peaks.map(mib).joined(separator: ", ")) MiB")
    }
}
