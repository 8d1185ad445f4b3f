import Foundation
import TestSupport
import Testing
import Worker

@Suite struct MetricsTests {
    @Test func endpointServesPrometheusTextWithBoundedLabels() throws {
        let metrics = WorkerMetrics()
        let server = try MetricsServer(host: "127.0.0.1", port: 0) { metrics.render() }
        server.start()
        defer { server.stop() }
        let body = try ChildProcess.run("/usr/bin/curl", ["-s", "-m", "5", "http://127.0.0.1:\(server.port)/metrics"], timeout: 30).stdout
        for name in ["lumos_worker_tasks_in_flight", "lumos_worker_task_duration_seconds_bucket", "lumos_worker_lease_extensions_total",
                     "lumos_worker_redis_reconnects_total", "lumos_worker_tool_errors_total"] {
            #expect(body.contains(name), "missing \(name)")
        }
        #expect(!body.contains("task_id"))
    }
}
