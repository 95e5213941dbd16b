import Testing
import NetsightModel
@testable import Analytics

struct FlowMatrixAggregatorTests {
    static let records: [FlowRecord] = [
        flow(bytes: 100, exporterSite: "paris", srcSite: "paris", dstSite: "berlin"),
        flow(bytes: 50, exporterSite: "paris", srcSite: "paris", dstSite: "berlin"),
        flow(bytes: 30, exporterSite: "berlin", srcSite: "berlin", dstSite: "paris"),
        flow(bytes: 7, exporterSite: "berlin", srcSite: "", dstSite: "paris"),
        flow(bytes: 5, exporterSite: "rome", srcSite: "rome", dstSite: ""),
    ]

    func run(fallback: Bool, limit: Int = 20) throws -> FlowMatrixResult {
        var a = FlowMatrixAggregator(query: try FlowMatrixQuery(limit: limit, exporterSiteFallback: fallback))
        a.add(Self.records)
        return a.result()
    }

    @Test func sitesWithExporterFallback() throws {
        let m = try run(fallback: true)
        #expect(m.rows == ["paris", "berlin", "rome"])
        #expect(m.columns == ["berlin", "paris", "rome"])
        #expect(m.cells == [[150, 0, 0], [0, 37, 0], [0, 0, 5]])
        #expect(m.value(row: "berlin", column: "paris") == 37)
        #expect(m.total == 192)
        #expect(m.rowTotals == [150, 37, 5])
        #expect(m.columnTotals == [150, 37, 5])
    }

    @Test func unknownSitesStayEmptyWithoutFallback() throws {
        let m = try run(fallback: false)
        #expect(m.rows == ["paris", "berlin", "", "rome"])
        #expect(m.value(row: "", column: "paris") == 7)
        #expect(m.value(row: "rome", column: "") == 5)
    }

    @Test func limitFoldsTheRestIntoOther() throws {
        let m = try run(fallback: true, limit: 1)
        #expect(m.rows == ["paris", "other"])
        #expect(m.columns == ["berlin", "other"])
        #expect(m.cells == [[150, 0], [0, 42]])
        #expect(m.total == 192)
    }
}
