import Collectors
import Hummingbird
import Logging
import ServiceLifecycle

/// Builds the HTTP server: JSON API, `/metrics`, and a health check.
public enum HTTPServer {
    public static func router(context: APIContext) -> Router<BasicRequestContext> {
        let router = Router()
        FlowRoutes(context: context).register(on: router)
        EventRoutes(context: context).register(on: router)
        DeviceRoutes(context: context).register(on: router)
        ProbeRoutes(context: context).register(on: router)
        AlertRoutes(context: context).register(on: router)
        SilenceRoutes(context: context).register(on: router)
        MaintenanceRoutes(context: context).register(on: router)
        MetricsRoutes(context: context).register(on: router)
        DashboardRoutes(context: context).register(on: router)
        router.get("healthz") { _, _ in "ok\n" }
        return router
    }

    /// The server as a `Service` for the application's `ServiceGroup`; `bound` is published
    /// with the real port once it listens.
    public static func makeService(
        host: String, port: Int, context: APIContext, logger: Logger, bound: BoundAddress
    ) -> some Service {
        Application(
            router: router(context: context),
            configuration: .init(address: .hostname(host, port: port), serverName: "netsight"),
            onServerRunning: { channel in
                bound.publish(host: host, port: channel.localAddress?.port ?? port)
            },
            logger: logger)
    }
}
