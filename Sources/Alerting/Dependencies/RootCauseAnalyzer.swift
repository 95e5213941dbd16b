import Foundation
import NetsightModel

/// Topology-aware root cause: decides which alerts are symptoms of a failed device further
/// up the network, and attaches them to that device's `device_up` alert as its impact.
///
/// - A device is **failed** when it has a pending or firing alert with metric `device_up`.
/// - A failed device is **unreachable** (a symptom) when it has parents and every one of
///   them is failed: a failed parent is either a root or itself unreachable, so "all
///   parents failed or unreachable" (Nagios/Centreon) reduces to "all parents failed".
///   Otherwise the failed device is a **root**.
/// - Alerts of an unreachable device (and any alert whose `device` label names it) become
///   symptoms of its root's `device_up` alert; other alerts on a root device (interfaces,
///   probes labelled with it) become symptoms of its own `device_up` alert; an interface
///   alert on a healthy device whose port (`ifname`) is LLDP-linked to a failed device is a
///   symptom of that device's root (the far end of a link to a dead core goes down too).
///
/// With several parents an unreachable device can lead to several roots; the one chosen is
/// the root closest to the top of the network (fewest hops, an unplaced device last), then
/// the smallest name, so the answer never depends on input order. A loop of failed devices
/// with no root above it (a config mistake) gets its smallest-named member as root.
///
/// **Recovery hold.** A device whose `device_up` alert resolved less than `recoveryHold` ago
/// still counts as failed for attributing symptoms: when a core comes back, the interfaces
/// and devices behind it recover only at their next poll, and those last seconds of its
/// symptoms are not new faults. A symptom still active after the hold is one, and is
/// notified on its own.
///
/// Only pending and firing alerts are suppressed; everything is recomputed on each call, so
/// a stale `rootCause` or `impact` from an earlier pass never survives.
public enum RootCauseAnalyzer {
    public static let deviceUpMetric = "device_up"

    public static func annotate(_ alerts: [Alert], graph: DependencyGraph, at now: Date? = nil, recoveryHold: TimeInterval = 0) -> [Alert] {
        var result = alerts
        // The device_up alert naming each failed device: an active one before a recovering
        // one, then the smallest id.
        var deviceUpAlert: [String: Int] = [:]
        func rank(_ alert: Alert) -> (Int, String) { (isActive(alert) ? 0 : 1, alert.id) }
        for index in result.indices {
            result[index].rootCause = nil
            result[index].impact = []
            let alert = result[index]
            guard alert.metric == deviceUpMetric, let device = alert.labels["device"] else { continue }
            guard isActive(alert) || isRecovering(alert, now: now, hold: recoveryHold) else { continue }
            if let existing = deviceUpAlert[device], rank(result[existing]) <= rank(alert) { continue }
            deviceUpAlert[device] = index
        }
        if deviceUpAlert.isEmpty { return result }
        let failed = Set(deviceUpAlert.keys)
        let rootOf = roots(failed: failed, graph: graph)

        var symptomsOf: [Int: [Int]] = [:]
        for index in result.indices where isActive(result[index]) {
            let alert = result[index]
            guard let device = alert.labels["device"] else { continue }
            let rootDevice: String?
            if let root = rootOf[device] {
                rootDevice = root
            } else if let port = alert.labels["ifname"], let neighbour = graph.neighbour(of: device, port: port),
                let root = rootOf[neighbour]
            {
                rootDevice = root
            } else {
                rootDevice = nil
            }
            guard let rootDevice, let rootIndex = deviceUpAlert[rootDevice], rootIndex != index else { continue }
            result[index].rootCause = result[rootIndex].id
            symptomsOf[rootIndex, default: []].append(index)
        }
        for (rootIndex, symptoms) in symptomsOf {
            let keyed = symptoms.map { (key: result[$0].labels.description, id: result[$0].id, index: $0) }
                .sorted { ($0.key, $0.id) < ($1.key, $1.id) }
            result[rootIndex].impact = keyed.map {
                let alert = result[$0.index]
                return AlertImpact(id: alert.id, rule: alert.rule, labels: alert.labels, summary: alert.summary)
            }
        }
        return result
    }

    /// For each failed device, the root device it is attributed to (itself for a root).
    public static func roots(failed: Set<String>, graph: DependencyGraph) -> [String: String] {
        func isUnreachable(_ device: String) -> Bool {
            guard let parents = graph.parents[device], !parents.isEmpty else { return false }
            return parents.allSatisfy { failed.contains($0) }
        }
        func rank(_ device: String) -> (Int, String) { (graph.hops[device] ?? Int.max, device) }

        var rootOf: [String: String] = [:]
        for device in failed where !isUnreachable(device) { rootOf[device] = device }
        var pending = failed.filter { rootOf[$0] == nil }.sorted()
        while !pending.isEmpty {
            // Memoised upward walk; a device on the current path is a loop and contributes nothing.
            var onPath: Set<String> = []
            func resolve(_ device: String) -> String? {
                if let known = rootOf[device] { return known }
                if onPath.contains(device) { return nil }
                onPath.insert(device)
                defer { onPath.remove(device) }
                var best: String?
                for parent in graph.parents[device] ?? [] {
                    guard let candidate = resolve(parent) else { continue }
                    if best.map({ rank(candidate) < rank($0) }) ?? true { best = candidate }
                }
                if let best { rootOf[device] = best }
                return best
            }
            for device in pending { _ = resolve(device) }
            pending = pending.filter { rootOf[$0] == nil }
            // A loop with no root above it: promote its smallest name and try again.
            if let first = pending.first {
                rootOf[first] = first
                pending.removeFirst()
            }
        }
        return rootOf
    }

    static func isActive(_ alert: Alert) -> Bool { alert.state == .pending || alert.state == .firing }

    static func isRecovering(_ alert: Alert, now: Date?, hold: TimeInterval) -> Bool {
        guard hold > 0, let now, alert.state == .resolved, let resolvedAt = alert.resolvedAt else { return false }
        return now.timeIntervalSince(resolvedAt) < hold
    }
}
