@testable import Alerting
import Testing

@Suite struct AlertMetricCatalogTests {
    @Test func namesAreUniqueAndSnakeCase() {
        #expect(AlertMetricCatalog.byName.count == AlertMetricCatalog.all.count)
        for metric in AlertMetricCatalog.all {
            #expect(metric.name.allSatisfy { $0.isLowercase || $0 == "_" }, "\(metric.name)")
        }
    }

    @Test func misspeltNamesGetSuggestions() {
        #expect(AlertMetricCatalog.suggestions(for: "interface_utilization_percent").first == "interface_utilisation_percent")
        #expect(AlertMetricCatalog.suggestions(for: "device_upp") == ["device_up"])
        #expect(AlertMetricCatalog.suggestions(for: "completely_unrelated_thing_here").isEmpty)
    }

    @Test(arguments: [("kitten", "sitting", 3), ("", "abc", 3), ("abc", "", 3), ("same", "same", 0)])
    func editDistance(a: String, b: String, expected: Int) {
        #expect(AlertMetricCatalog.editDistance(a, b) == expected)
    }
}
