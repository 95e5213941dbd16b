/// What an HTTP answer means for a delivery, as Alertmanager judges it: 2xx delivered;
/// 408, 429 and 5xx are the receiver's trouble and worth retrying; other 4xx mean the
/// request itself is wrong (bad URL path, rejected payload), so retrying cannot help and
/// the failure must be visible at once. Redirects are not followed (a webhook URL that
/// redirects is a configuration to fix).
enum HTTPDeliveryVerdict {
    static func error(for response: HTTPPoster.Response, endpoint: HTTPEndpoint) -> DeliveryError? {
        let s = response.status
        if (200..<300).contains(s) { return nil }
        var text = "\(endpoint) answered HTTP \(s)"
        let body = response.bodyPrefix.trimmingCharacters(in: .whitespacesAndNewlines)
        if !body.isEmpty { text += ": " + String(body.prefix(200)) }
        let retryable = s == 408 || s == 429 || s >= 500
        return DeliveryError(retryable: retryable, text)
    }
}
