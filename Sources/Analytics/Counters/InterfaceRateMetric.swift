/// The values an `InterfaceRate` carries, for code that walks all of them (storage, tables).
public enum InterfaceRateMetric: String, Sendable, Hashable, CaseIterable, Codable {
    case inBitsPerSecond = "in_bps"
    case outBitsPerSecond = "out_bps"
    case inPacketsPerSecond = "in_pps"
    case outPacketsPerSecond = "out_pps"
    case inErrorsPerSecond = "in_errors_ps"
    case outErrorsPerSecond = "out_errors_ps"
    case inDiscardsPerSecond = "in_discards_ps"
    case outDiscardsPerSecond = "out_discards_ps"
    case inUtilisationPercent = "in_utilisation_pct"
    case outUtilisationPercent = "out_utilisation_pct"
}
