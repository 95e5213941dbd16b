import Hummingbird

/// `GET /metrics` in the Prometheus text exposition format.
struct MetricsRoutes {
    let context: APIContext

    func register(on router: Router<BasicRequestContext>) {
        router.get("metrics") { _, _ -> Response in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(16_384)
            context.registry.emit(into: &buffer)
            for source in context.metricSources { source.emit(into: &buffer) }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}
