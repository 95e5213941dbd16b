/// One device as the dependency graph sees it: its name (the `device` label alerts carry),
/// its site, and the parents the config names. Several parents mean redundant uplinks: the
/// device counts as unreachable only when every one of them is down (Nagios semantics).
public struct DependencyDevice: Sendable, Hashable {
    public var name: String
    public var site: String
    public var parents: [String]

    public init(name: String, site: String, parents: [String] = []) {
        self.name = name
        self.site = site
        self.parents = parents
    }
}
