/// Number formatting for people: one decimal, SI (1000-based) steps, as nfdump scales
/// (its `1.2 M`) and as link speeds are quoted. Integer arithmetic, so output is exact and
/// identical on every platform.
public enum HumanUnits {
    /// "512 B", "1.5 kB", "1.2 GB".
    public static func bytes(_ v: UInt64) -> String { scaled(v, units: ["B", "kB", "MB", "GB", "TB", "PB", "EB"]) }

    /// "950", "1.2 k", "3.4 M": packets, flows.
    public static func count(_ v: UInt64) -> String {
        let s = scaled(v, units: ["", "k", "M", "G", "T", "P", "E"])
        return s.hasSuffix(" ") ? String(s.dropLast()) : s
    }

    /// The metric in its natural unit.
    public static func metric(_ v: UInt64, _ m: FlowMetric) -> String { m == .bytes ? bytes(v) : count(v) }

    /// "60.0%" (rounded half up); "0.0%" when the whole is 0.
    public static func percent(_ part: UInt64, of whole: UInt64) -> String {
        guard whole > 0 else { return "0.0%" }
        let (hi, lo) = part.multipliedFullWidth(by: 1000)
        let (q, r) = whole.dividingFullWidth((hi, lo))
        let tenths = q + (r >= whole - r ? 1 : 0)
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// A per-second rate: bytes become bits ("1.2 Mbit/s"), anything else "12.5/s".
    public static func rate(_ perSecond: Double, _ m: FlowMetric) -> String {
        if m == .bytes {
            return oneDecimal(perSecond * 8, units: ["bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s", "Pbit/s"])
        }
        return oneDecimal(perSecond, units: ["/s", "k/s", "M/s", "G/s", "T/s", "P/s"]).replacingSpaceBeforeSlash()
    }

    private static func scaled(_ v: UInt64, units: [String]) -> String {
        if v < 1000 { return "\(v) \(units[0])" }
        var unit: UInt64 = 1000
        var i = 1
        while i < units.count - 1 && v / unit >= 1000 { unit *= 1000; i += 1 }
        let d = unit / 10
        var tenths = v / d + ((v % d) >= d - (v % d) ? 1 : 0)
        if tenths >= 10_000 && i < units.count - 1 {
            // Rounding carried into the next unit (999.96 kB is 1.0 MB).
            i += 1
            tenths = (tenths + 500) / 1000
        }
        return "\(tenths / 10).\(tenths % 10) \(units[i])"
    }

    private static func oneDecimal(_ x: Double, units: [String]) -> String {
        var v = max(0, x)
        var i = 0
        while v >= 999.95 && i < units.count - 1 { v /= 1000; i += 1 }
        let tenths = UInt64((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[i])"
    }
}

private extension String {
    /// "12.5 /s" reads oddly; the plain per-second unit hugs the number.
    func replacingSpaceBeforeSlash() -> String {
        hasSuffix(" /s") ? String(dropLast(3)) + "/s" : self
    }
}
