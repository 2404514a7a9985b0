import Foundation
import Synchronization

/// Counters and a latency histogram per route, written in Prometheus's text format (0.0.4).
///
/// Small enough to write here rather than pull in swift-prometheus and swift-metrics' bootstrap:
/// the server needs request counts, durations, and a few gauges of its own.
///
/// A lock rather than an actor: every request records itself, and a lock held for a few
/// additions costs less than the hop onto an actor and back.
final class Metrics: Sendable {
    struct RequestKey: Hashable { var method: String; var route: String; var status: Int }

    static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Counts {
        var requests: [RequestKey: Int] = [:]
        var durations: [String: (buckets: [Int], sum: Double, count: Int)] = [:]
        var counters: [String: Int] = [:]
    }

    private let counts = Mutex(Counts())
    private let started = Date()

    func record(method: String, route: String, status: Int, seconds: Double) {
        counts.withLock { counts in
            counts.requests[RequestKey(method: method, route: route, status: status), default: 0] += 1
            // In place, one lookup: a copy out and back would copy the bucket array on every request.
            Self.add(seconds, to: &counts.durations[route, default: (Array(repeating: 0, count: Self.buckets.count), 0, 0)])
        }
    }

    private static func add(_ seconds: Double, to entry: inout (buckets: [Int], sum: Double, count: Int)) {
        entry.sum += seconds
        entry.count += 1
        for (index, bound) in buckets.enumerated() where seconds <= bound { entry.buckets[index] += 1 }
    }

    /// Counts an event of the server's own (`switchboard_sign_ins_total{outcome="failed"}`).
    func increment(_ name: String, by amount: Int = 1) {
        counts.withLock { $0.counters[name, default: 0] += amount }
    }

    /// The exposition text, with gauges the caller adds (directory size, active referrals).
    func exposition(gauges: [(name: String, help: String, value: Double)]) -> String {
        let (requests, durations, counters) = counts.withLock { ($0.requests, $0.durations, $0.counters) }
        var out = ""
        out += "# HELP switchboard_http_requests_total HTTP requests by method, route and status.\n"
        out += "# TYPE switchboard_http_requests_total counter\n"
        for (key, count) in requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "switchboard_http_requests_total{method=\"\(key.method)\",route=\"\(Self.escape(key.route))\",status=\"\(key.status)\"} \(count)\n"
        }
        out += "# HELP switchboard_http_request_duration_seconds Time to answer, by route.\n"
        out += "# TYPE switchboard_http_request_duration_seconds histogram\n"
        for (route, entry) in durations.sorted(by: { $0.key < $1.key }) {
            let label = "route=\"\(Self.escape(route))\""
            for (index, bound) in Self.buckets.enumerated() {
                out += "switchboard_http_request_duration_seconds_bucket{\(label),le=\"\(bound)\"} \(entry.buckets[index])\n"
            }
            out += "switchboard_http_request_duration_seconds_bucket{\(label),le=\"+Inf\"} \(entry.count)\n"
            out += "switchboard_http_request_duration_seconds_sum{\(label)} \(entry.sum)\n"
            out += "switchboard_http_request_duration_seconds_count{\(label)} \(entry.count)\n"
        }
        for (name, value) in counters.sorted(by: { $0.key < $1.key }) {
            let base = name.split(separator: "{").first.map(String.init) ?? name
            out += "# TYPE \(base) counter\n\(name) \(value)\n"
        }
        out += "# HELP switchboard_uptime_seconds Seconds since the server started.\n# TYPE switchboard_uptime_seconds gauge\n"
        out += "switchboard_uptime_seconds \(Int(Date().timeIntervalSince(started)))\n"
        for gauge in gauges {
            out += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) gauge\n\(gauge.name) \(Self.number(gauge.value))\n"
        }
        return out
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
