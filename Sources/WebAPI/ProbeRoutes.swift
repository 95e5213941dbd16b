import Analytics
import Foundation
import Hummingbird
import NetsightModel
import Storage

/// The active probes, for the dashboard's Smokeping-style charts and for scripts:
/// - `GET /api/v1/probes`: every probe with its labels, raised reactions and latest result;
/// - `GET /api/v1/probes/{id}`: one probe, plus its reaction events in the window
///   (`last`, default 1h, or `from`/`to`);
/// - `GET /api/v1/probes/{id}/series`: its results in the window, oldest first, each with
///   every packet's RTT (`samplesMs`), from which the chart draws median and smoke.
///
/// Results have the shape of `netsight probe --json` (``ProbeResultReport``).
struct ProbeRoutes {
    let context: APIContext

    func register(on router: Router<BasicRequestContext>) {
        router.get("api/v1/probes") { request, _ -> Response in
            _ = try TimeWindow.parameters(request, known: [])
            let metadata = try self.metadata()
            let probes = try await Task.detached(priority: .userInitiated) { try metadata.probes() }.value
            return try Response.json(probes.map(ProbeView.init))
        }
        router.get("api/v1/probes/:id") { request, context -> Response in
            let id = try APIContext.pathParameter(context, "id")
            let (from, to) = try self.context.window(request)
            let metadata = try self.metadata()
            let detail = try await Task.detached(priority: .userInitiated) { () throws -> ProbeDetail? in
                guard let probe = try metadata.probe(id: id) else { return nil }
                let events = try metadata.probeReactions(id: id, fromMillis: from, toMillis: to)
                return ProbeDetail(probe: ProbeView(probe), reactions: events.map(ReactionView.init))
            }.value
            guard let detail else { throw Self.unknownProbe(id) }
            return try Response.json(detail)
        }
        router.get("api/v1/probes/:id/series") { request, context -> Response in
            let id = try APIContext.pathParameter(context, "id")
            let (from, to) = try self.context.window(request)
            let metadata = try self.metadata()
            let series = try await Task.detached(priority: .userInitiated) { () throws -> ProbeSeries? in
                guard let probe = try metadata.probe(id: id) else { return nil }
                let results = try metadata.probeResults(id: id, fromMillis: from, toMillis: to)
                return ProbeSeries(
                    probe: id, kind: probe.kind.rawValue, target: probe.target, fromMillis: from, toMillis: to,
                    results: results.map(ProbeResultReport.init))
            }.value
            guard let series else { throw Self.unknownProbe(id) }
            return try Response.json(series)
        }
    }

    private func metadata() throws -> MetadataStore { try context.metadataStore(for: "probe") }

    private static func unknownProbe(_ id: String) -> APIError {
        APIError(status: .notFound, message: "no probe with id \"\(id)\" is configured or stored", parameter: nil)
    }

}

/// One probe in `GET /api/v1/probes`.
struct ProbeView: Encodable, Sendable {
    var id: String
    var kind: String
    var target: String
    var labels: [String: String]
    var intervalSeconds: Double
    var count: Int
    var configured: Bool
    var raisedReactions: [String]
    var latest: ProbeResultReport?

    init(_ p: ProbeRecord) {
        id = p.id
        kind = p.kind.rawValue
        target = p.target
        labels = p.labels
        intervalSeconds = Double(p.intervalMillis) / 1000
        count = p.count
        configured = p.configured
        raisedReactions = p.raisedReactions
        latest = p.latest.map(ProbeResultReport.init)
    }
}

struct ProbeDetail: Encodable, Sendable {
    var probe: ProbeView
    var reactions: [ReactionView]
}

/// A reaction raising or clearing.
struct ReactionView: Encodable, Sendable {
    var reaction: String
    var metric: String
    var severity: String
    var state: String
    var value: Double
    var threshold: Double
    var time: String

    init(_ e: ProbeReactionRecord) {
        reaction = e.reaction
        metric = e.metric.rawValue
        severity = e.severity
        state = e.raised ? "raised" : "cleared"
        value = e.value
        threshold = e.threshold
        time = ProbeResultReport.iso(Date(timeIntervalSince1970: Double(e.timestampMillis) / 1000))
    }
}

struct ProbeSeries: Encodable, Sendable {
    var probe: String
    var kind: String
    var target: String
    var fromMillis: UInt64
    var toMillis: UInt64
    var results: [ProbeResultReport]
}
