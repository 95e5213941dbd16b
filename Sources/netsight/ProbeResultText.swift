import Analytics

/// A probe result for a terminal: a summary line in ping's words, the numbers of the
/// kind, and OK or FAILED with the reason last, so the eye lands on the verdict.
enum ProbeResultText {
    static func render(_ r: ProbeResultReport) -> String {
        var lines: [String] = []
        // The address only when the target named something else (a host name, a URL).
        let address = r.address.map { a in r.target.contains(a) ? "" : " (\(a))" } ?? ""
        lines.append(
            "\(r.kind) \(r.target)\(address): \(r.sent) sent, \(r.received) received, \(f(r.lossPercent, 1))% loss"
                + (r.duplicates > 0 ? ", \(r.duplicates) duplicates" : "")
                + (r.outOfOrder > 0 ? ", \(r.outOfOrder) out of order" : ""))
        if let rtt = r.rtt {
            let what =
                switch r.kind {
                case "tcp": "connect"
                case "dns": "query"
                case "http": "total"
                default: "rtt"
                }
            lines.append(
                "\(what) min/median/avg/max/stddev = \(f(rtt.minMs))/\(f(rtt.medianMs))/\(f(rtt.avgMs))/\(f(rtt.maxMs))/\(f(rtt.stddevMs)) ms")
        }
        if r.samplesMs.count > 1 {
            lines.append("samples (ms): " + r.samplesMs.map { $0.map { f($0) } ?? "-" }.joined(separator: " "))
        }
        if let j = r.jitter {
            let sd = j.sourceToDestination
            let ds = j.destinationToSource
            lines.append("jitter source→dest \(f(sd.jitterMs)) ms, dest→source \(f(ds.jitterMs)) ms (RFC 3550)")
            lines.append(
                "loss source→dest \(sd.lost), dest→source \(ds.lost); late \(j.late); out of sequence \(j.outOfSequence)")
            if let a = sd.oneWayDelayMs, let b = ds.oneWayDelayMs {
                lines.append("one-way delay source→dest \(f(a)) ms, dest→source \(f(b)) ms")
            }
            lines.append("voice (\(j.codec)): MOS \(f(j.mos, 2)), ICPIF \(f(j.icpif, 1)), R \(f(j.rating, 1))")
        }
        if let d = r.dns {
            var flags: [String] = []
            if d.authoritative { flags.append("authoritative") }
            if d.usedTCP { flags.append("over TCP") }
            lines.append(
                "server \(d.server), type \(d.type), rcode \(d.rcode ?? "-")"
                    + (flags.isEmpty ? "" : " (\(flags.joined(separator: ", ")))"))
            for a in d.answers { lines.append("  \(a)") }
            if let found = d.expectedAnswersFound { lines.append("expected answers: \(found ? "found" : "NOT found")") }
        }
        if let h = r.http {
            let phases = [
                ("resolve", h.resolveMs), ("connect", h.connectMs), ("tls", h.tlsMs), ("first byte", h.firstByteMs),
                ("transfer", h.transferMs), ("total", h.totalMs),
            ].compactMap { name, v in v.map { "\(name) \(f($0))" } }
            lines.append("status \(h.statusCode.map(String.init) ?? "-"), \(h.bodyBytes) bytes; " + phases.joined(separator: ", ") + " ms")
            if let m = h.bodyMatched { lines.append("body regex: \(m ? "matched" : "NOT matched")") }
            if let t = h.tls {
                lines.append(
                    "\(t.version ?? "TLS") subject \(t.subject ?? "-"), issuer \(t.issuer ?? "-")")
                lines.append(
                    "certificate expires \(t.earliestExpiry ?? "-")"
                        + (t.daysLeft.map { " (\(f($0, 1)) days)" } ?? "")
                        + "; name \(t.hostnameVerified ? "ok" : "MISMATCH"); chain \(t.chainVerified ? "trusted" : "NOT trusted")"
                        + (t.verificationError.map { ": \($0)" } ?? ""))
            }
        }
        lines.append(r.success ? "OK" : "FAILED: \(r.failure?.message ?? "unknown")")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func f(_ v: Double, _ digits: Int = 3) -> String {
        v.formatted(.number.precision(.fractionLength(digits)).grouping(.never))
    }
}
