/// What one recorded state did to a series' flapping flag.
public enum FlapChange: Sendable, Hashable {
    case started, stopped
}
