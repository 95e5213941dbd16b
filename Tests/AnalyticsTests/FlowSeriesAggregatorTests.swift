import Testing
import NetsightModel
@testable import Analytics

struct FlowSeriesAggregatorTests {
    /// Window [1000, 1300) in 100 ms steps.
    static let records: [FlowRecord] = [
        flow("10.0.0.1", bytes: 200, packets: 4, start: 1000, end: 1199),
        flow("10.0.0.2", bytes: 50, packets: 1, start: 1150, end: 1150),
        flow("10.0.0.3", bytes: 400, packets: 8, start: 1250, end: 1450),
        flow("10.0.0.1", bytes: 10, packets: 1, start: 1290, end: 1290),
        flow("10.0.0.4", bytes: 200, packets: 2, start: 900, end: 1099),
        flow("10.0.0.5", bytes: 999, packets: 9, start: 1300, end: 1400),  // starts at the open end
    ]

    func run(_ bucketing: FlowSeriesBucketing, keys: [FlowKey] = [], topK: Int = 2, metric: FlowMetric = .bytes, to: UInt64 = 1300) throws -> FlowSeriesResult {
        let q = try FlowSeriesQuery(fromMillis: 1000, toMillis: to, stepMillis: 100, metric: metric, keys: keys, topK: topK, bucketing: bucketing)
        var a = FlowSeriesAggregator(query: q)
        a.add(Self.records)
        return a.result()
    }

    func values(_ s: FlowSeries) -> [UInt64] { s.points.map(\.value) }

    @Test func totalByStartTime() throws {
        let r = try run(.start)
        #expect(r.series.count == 1)
        #expect(r.series[0].kind == .total)
        #expect(r.series[0].points.map(\.timeMillis) == [1000, 1100, 1200])
        #expect(values(r.series[0]) == [200, 50, 410])
    }

    @Test func topKPlusOtherByStartTime() throws {
        let r = try run(.start, keys: [.srcip])
        #expect(r.series.map(\.title) == ["10.0.0.3", "10.0.0.1", "other"])
        #expect(values(r.series[0]) == [0, 0, 400])
        #expect(values(r.series[1]) == [200, 0, 10])
        #expect(values(r.series[2]) == [0, 50, 0])
        #expect(values(r.total) == [200, 50, 410])
    }

    @Test func spreadSharesByTimeAndClipsToWindow() throws {
        let r = try run(.spread, keys: [.srcip])
        // 10.0.0.1: 200 B over 199 ms split 100/100, plus 10 B; 10.0.0.3: the 50 of its 200 ms inside
        // the window; 10.0.0.4: 99 of its 199 ms inside.
        #expect(r.series.map(\.title) == ["10.0.0.1", "10.0.0.3", "other"])
        #expect(values(r.series[0]) == [100, 100, 10])
        #expect(values(r.series[1]) == [0, 0, 100])
        #expect(values(r.series[2]) == [99, 50, 0])
        #expect(values(r.total) == [199, 150, 110])
    }

    @Test func flowsCountOncePerFlowEvenWhenSpread() throws {
        let r = try run(.spread, metric: .flows)
        #expect(values(r.series[0]) == [2, 1, 2])
    }

    @Test func noOtherWhenEveryGroupFits() throws {
        let r = try run(.start, keys: [.srcip], topK: 10)
        #expect(r.series.map(\.title) == ["10.0.0.3", "10.0.0.1", "10.0.0.2"])
    }

    @Test func ratesUseTheBucketLengthIncludingAShortLastBucket() throws {
        let r = try run(.start, to: 1280)
        #expect(r.series[0].points.map(\.durationMillis) == [100, 100, 80])
        #expect(values(r.series[0]) == [200, 50, 400])
        #expect(r.series[0].points.map(\.perSecond) == [2000, 500, 5000])
    }

    @Test func validation() {
        #expect(throws: FlowQueryError("step must be positive")) { try FlowSeriesQuery(fromMillis: 0, toMillis: 10, stepMillis: 0) }
        #expect(throws: FlowQueryError.self) { try FlowSeriesQuery(fromMillis: 10, toMillis: 10, stepMillis: 1) }
        #expect(throws: FlowQueryError.self) { try FlowSeriesQuery(fromMillis: 0, toMillis: 1_000_000, stepMillis: 1) }
    }
}
