import Foundation
import HTTPTypes
import Hummingbird

/// An error answered as JSON `{"error": "...", "parameter": "..."}` with its status, so
/// API clients can show which parameter was wrong and why.
struct APIError: Error, HTTPResponseError {
    let status: HTTPResponse.Status
    let message: String
    let parameter: String?

    static func badRequest(_ message: String, parameter: String? = nil) -> APIError {
        APIError(status: .badRequest, message: message, parameter: parameter)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: String] = ["error": message]
        if let parameter { body["parameter"] = parameter }
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
