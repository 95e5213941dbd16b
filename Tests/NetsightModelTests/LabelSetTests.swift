import Foundation
import NetsightModel
import Testing

@Suite struct LabelSetTests {
    @Test func orderOfConstructionDoesNotChangeIdentity() {
        var built = LabelSet()
        built["site"] = "ldn"
        built["device"] = "core-1"
        let literal: LabelSet = ["device": "core-1", "site": "ldn"]
        #expect(built == literal)
        #expect(built.fingerprint == literal.fingerprint)
        #expect(built.names == ["device", "site"])
        #expect(built.description == "{device=\"core-1\", site=\"ldn\"}")
    }

    /// The fingerprint names alerts in the store, so it must not change between releases:
    /// these are FNV-1a 64 values computed by hand from the definition.
    @Test func fingerprintIsFNV1aOverNamesAndValues() {
        #expect(LabelSet().fingerprint == 0xcbf2_9ce4_8422_2325)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Array("a".utf8) + [0xff] + Array("b".utf8) + [0xff] { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        #expect((["a": "b"] as LabelSet).fingerprint == hash)
        #expect((["a": "b"] as LabelSet).fingerprintHex.count == 16)
        // Moving a character between name and value changes it (the separator matters).
        #expect((["ab": "c"] as LabelSet).fingerprint != (["a": "bc"] as LabelSet).fingerprint)
    }

    @Test func emptyValuesAreAbsentAndSettingEmptyRemoves() {
        var labels: LabelSet = ["device": "sw-1", "ifalias": ""]
        #expect(labels.names == ["device"])
        labels["device"] = ""
        #expect(labels.isEmpty)
    }

    @Test func mergingLetsTheOtherSetWinAndKeepingSelects() {
        let series: LabelSet = ["device": "sw-1", "severity": "info", "site": "ldn"]
        let merged = series.merging(["severity": "critical", "team": "net"])
        #expect(merged.dictionary == ["device": "sw-1", "severity": "critical", "site": "ldn", "team": "net"])
        #expect(merged.keeping(["site", "missing", "device"]) == ["device": "sw-1", "site": "ldn"])
    }

    @Test func codesAsAJSONObject() throws {
        let labels: LabelSet = ["b": "2", "a": "1"]
        let data = try JSONEncoder().encode(labels)
        #expect(try JSONSerialization.jsonObject(with: data) as? [String: String] == ["a": "1", "b": "2"])
        #expect(try JSONDecoder().decode(LabelSet.self, from: data) == labels)
    }

    @Test func matcherDecodesAlertmanagerShapeWithOptionalIsEqual() throws {
        let json = #"[{"name":"site","value":"ldn","isRegex":false},{"name":"dev","value":"sw-.*","isRegex":true,"isEqual":false}]"#
        let matchers = try JSONDecoder().decode([LabelMatcher].self, from: Data(json.utf8))
        #expect(matchers.map(\.description) == [#"site="ldn""#, #"dev!~"sw-.*""#])
    }
}
