import Foundation

/// The frame every dashboard page shares: one self-contained HTML document (inline CSS, no
/// script, no CDN), so it works on a NOC screen with no internet and in a text browser.
struct DashboardPage {
    enum Section: String, CaseIterable {
        case alerts = "Alerts"
        case silences = "Silences"
        case report = "Noise report"

        var path: String {
            switch self {
            case .alerts: "/alerts"
            case .silences: "/silences"
            case .report: "/alerts/report"
            }
        }
    }

    var title: String
    var section: Section?
    /// Reload the page this often (the alert list on a wall screen); nil for never.
    var refreshSeconds: Int?
    /// Already-escaped HTML for the page's main part.
    var body: String

    static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
        header{background:#1d2330;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.4rem;align-items:baseline}
        header a{color:#c9d3e6;text-decoration:none}header a.on{color:#fff;font-weight:600}
        header .brand{font-weight:700;color:#fff;margin-right:1rem}
        main{padding:1rem 1.2rem;max-width:90rem}
        h1{font-size:1.3rem;margin:.2rem 0 .8rem}h2{font-size:1.05rem;margin:1.4rem 0 .5rem}
        table{border-collapse:collapse;background:#fff;width:100%;font-size:.9rem}
        th,td{border-bottom:1px solid #e3e6eb;padding:.35rem .5rem;text-align:left;vertical-align:top}
        th{background:#eef1f5;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        .tag{display:inline-block;border-radius:.25rem;padding:0 .35rem;font-size:.8rem;font-weight:600}
        .critical{background:#c62828;color:#fff}.major{background:#ef6c00;color:#fff}.minor{background:#f9a825}
        .warning{background:#fdd835}.info{background:#90caf9}
        .firing{color:#c62828;font-weight:600}.pending{color:#ef6c00}.resolved{color:#2e7d32}
        .muted{color:#6b7280}.labels{color:#4b5563;font-size:.8rem}
        .cards{display:flex;gap:1rem;flex-wrap:wrap;margin-bottom:1rem}
        .card{background:#fff;border:1px solid #e3e6eb;border-radius:.4rem;padding:.6rem 1rem;min-width:9rem}
        .card b{display:block;font-size:1.5rem}
        .error{background:#fdecea;border:1px solid #f5c2c0;padding:.8rem 1rem;border-radius:.4rem}
        form{margin:.2rem 0 1rem}input[type=text]{width:24rem}
        details summary{cursor:pointer}
        """

    func render() -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        if let refreshSeconds { out += "<meta http-equiv=\"refresh\" content=\"\(refreshSeconds)\">" }
        out += "<title>\(title.htmlEscaped) · Netsight</title><style>\(Self.style)</style></head><body>"
        out += "<header><span class=\"brand\">Netsight</span>"
        for s in Section.allCases {
            out += "<a href=\"\(s.path)\"\(s == section ? " class=\"on\"" : "")>\(s.rawValue.htmlEscaped)</a>"
        }
        out += "</header><main><h1>\(title.htmlEscaped)</h1>\(body)</main></body></html>\n"
        return out
    }

    /// A page that says what was wrong with the request (the same words as the API's 400).
    static func error(_ message: String, parameter: String?) -> DashboardPage {
        let subject = parameter.map { "<code>\($0.htmlEscaped)</code>: " } ?? ""
        return DashboardPage(title: "Cannot show this page", section: nil, body: "<p class=\"error\">\(subject)\(message.htmlEscaped)</p>")
    }
}
