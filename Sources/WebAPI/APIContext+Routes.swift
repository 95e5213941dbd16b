import Foundation
import Hummingbird
import Storage

/// What the SQLite-backed routes (devices, probes) share: the store or a 503 naming what
/// is missing, percent-decoded path parameters, and the `last`/`from`/`to` window.
extension APIContext {
    /// The metadata store, or a 503 saying this process keeps no `what` store.
    func metadataStore(for what: String) throws -> MetadataStore {
        guard let metadata else {
            throw APIError(status: .serviceUnavailable, message: "this process keeps no \(what) store", parameter: nil)
        }
        return metadata
    }

    /// A path parameter, percent-decoded (interface names contain `/`).
    static func pathParameter(_ context: BasicRequestContext, _ key: String) throws -> String {
        let raw = try context.parameters.require(key)
        return raw.removingPercentEncoding ?? raw
    }

    /// `last` (default 1h) or `from`/`to`, in milliseconds; no other query parameters.
    func window(_ request: Request) throws -> (UInt64, UInt64) {
        let w = try TimeWindow(TimeWindow.parameters(request, known: ["last", "from", "to"]), now: now())
        return (w.from, w.to)
    }
}
