import Alerting
import Foundation
import NetsightModel

// Issue 5's speed targets, one process, one thread:
//   1-2. 10,000 rules over 100,000 series through AlertEngine.evaluate, tick after tick,
//        then root cause, silences, maintenance and the dispatcher in the server's order;
//   3.   an alert storm (a core fails; ~10,000 alerts at once) routed and grouped;
//   4.   MetadataStore.alertSamples reading 100,000 series from a populated store;
//   5.   MetadataStore.flowVolumes, the read behind flow-volume rules, over large rollups.
//
// Usage: alert-bench [--rounds R] [--only eval|storm|store|flows]... [--trace] [--store-dir D]

var rounds = 5
var only: Set<String> = []
var trace = false
var storeDir = "/tmp/netsight-bench/alert-store"
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let a = arguments.next() {
    switch a {
    case "--rounds": rounds = Int(arguments.next() ?? "") ?? rounds
    case "--only": only.insert(arguments.next() ?? "")
    case "--trace": trace = true
    case "--store-dir": storeDir = arguments.next() ?? storeDir
    default:
        print("usage: alert-bench [--rounds R] [--only eval|storm|store|flows]... [--trace] [--store-dir D]")
        exit(2)
    }
}
@MainActor func wanted(_ part: String) -> Bool { only.isEmpty || only.contains(part) }

print("alert-bench: load \(Measure.loadAverage()), \(ProcessInfo.processInfo.activeProcessorCount) cores")
let (network, buildTime) = Measure.time { BenchNetwork() }
var seriesByMetric: [String: Int] = [:]
for sample in network.samples { seriesByMetric[sample.metric, default: 0] += 1 }
print(
    "workload: \(grouped(network.devices.count)) devices (4 cores, 100 routers, 1,900 switches) in \(network.sites.count) sites, "
        + "\(grouped(network.probeCount)) probes, \(grouped(network.samples.count)) series, \(network.links.count) LLDP links "
        + "(built in \(ms(buildTime.wall)) ms)")
print("  series per metric: " + seriesByMetric.sorted { $0.key < $1.key }.map { "\($0.key) \(grouped($0.value))" }.joined(separator: ", "))

let specs = BenchRules.make(network)
let (validation, validateTime) = Measure.time { AlertRuleValidator.validate(specs) }
guard validation.errors.isEmpty else {
    print("rule errors: \(validation.errors.prefix(5))")
    exit(1)
}
var rulesByMetric: [String: Int] = [:]
for spec in specs { rulesByMetric[spec.metric, default: 0] += 1 }
let withRegex = specs.count { $0.matchers.contains { $0.isRegex } }
let withEquality = specs.count { $0.matchers.contains { $0.isEqual && !$0.isRegex } }
print(
    "rules: \(grouped(validation.rules.count)) (validated and compiled in \(ms(validateTime.wall)) ms, \(validation.warnings.count) warnings); "
        + "\(grouped(withEquality)) with an equality matcher (site, device or probe), \(grouped(withRegex)) with a regex")
print("  rules per metric: " + rulesByMetric.sorted { $0.key < $1.key }.map { "\($0.key) \(grouped($0.value))" }.joined(separator: ", "))
let (graph, graphTime) = Measure.time { DependencyGraph(devices: network.dependencyDevices, links: network.links) }
print("dependency graph: \(graph.devices.count) devices, \(graph.parents.count) with parents (built in \(ms(graphTime.wall)) ms)")

if wanted("eval") {
    EvaluationBench(network: network, rules: validation.rules, graph: graph, rounds: rounds, trace: trace).run()
}
if wanted("storm") {
    StormBench(network: network, rules: validation.rules, graph: graph, rounds: rounds).run()
}
if wanted("store") {
    // ICMP probes (6 series each) up to 100,000 series next to the devices and interfaces.
    let fixed = network.samples.count { $0.metric.hasPrefix("device_") || $0.metric.hasPrefix("interface_") }
    do {
        try StoreBench(network: network, directory: storeDir, rounds: rounds, probeTarget: (100_000 - fixed + 5) / 6).run()
    } catch {
        print("store benchmark failed: \(error)")
        exit(1)
    }
}
if wanted("flows") {
    for keysPerMinute in [10_000, 100_000] {
        do {
            try FlowVolumeBench(directory: storeDir + "-flows", rounds: rounds, keysPerMinute: keysPerMinute).run()
        } catch {
            print("flow volume benchmark failed: \(error)")
            exit(1)
        }
    }
}
print("load at the end: \(Measure.loadAverage())")
