/// Where one alert series is in its life (Prometheus' rules/alerting.go states, plus
/// `resolved` kept for a while so a resolution can be notified and shown).
///
/// inactive → pending (condition true, waiting out `for`) → firing → resolved (the value
/// went back past the clear threshold) → inactive, or pending → inactive when the condition
/// stops before `for` has passed.
public enum AlertState: String, Sendable, Hashable, Codable, CaseIterable {
    case inactive, pending, firing, resolved
}
