import Foundation
import Workflows
import Synchronization

/// A progress bar on a terminal, plain lines elsewhere (logs, CI, pipes).
final class TerminalProgress: ProgressReporter {
    private struct State {
        var phase = ""
        var total: Int?
        var done = 0
        var started = Date()
        var lastDrawn = Date.distantPast
        var lastLine = Date.distantPast
    }

    private let state = Mutex(State())
    private let isTerminal: Bool
    private let quiet: Bool

    init(quiet: Bool = false) {
        isTerminal = isatty(STDERR_FILENO) == 1
        self.quiet = quiet
    }

    func begin(_ phase: String, total: Int?) {
        guard !quiet else { return }
        state.withLock { s in
            s = State(phase: phase, total: total, started: Date())
        }
        if !isTerminal { emit("\(phase)…") }
    }

    func advance(to done: Int) {
        guard !quiet else { return }
        let line: String? = state.withLock { s in
            s.done = done
            let now = Date()
            if isTerminal {
                guard now.timeIntervalSince(s.lastDrawn) > 0.1 else { return nil }
                s.lastDrawn = now
                return "\r" + Self.bar(s, now: now)
            }
            guard now.timeIntervalSince(s.lastLine) > 5 else { return nil }
            s.lastLine = now
            return Self.plain(s, now: now) + "\n"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    func end() {
        guard !quiet else { return }
        let line = state.withLock { s -> String in
            let seconds = Date().timeIntervalSince(s.started)
            let rate = s.done > 0 && seconds > 0 ? ", \(Int(Double(s.done) / seconds))/s" : ""
            let count = s.done > 0 ? " \(s.done)" : ""
            return "\(s.phase): done\(count) in \(String(format: "%.1f", seconds)) s\(rate)"
        }
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        emit(line)
    }

    private func emit(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

    private static func bar(_ s: State, now: Date) -> String {
        let seconds = max(now.timeIntervalSince(s.started), 0.001)
        let rate = Double(s.done) / seconds
        guard let total = s.total, total > 0 else { return "\(s.phase): \(s.done) (\(Int(rate))/s)\u{1B}[K" }
        let fraction = min(1, Double(s.done) / Double(total))
        let width = 30
        let filled = Int(fraction * Double(width))
        let left = rate > 0 ? Double(total - s.done) / rate : 0
        return "\(s.phase) [\(String(repeating: "=", count: filled))\(String(repeating: " ", count: width - filled))] "
            + "\(Int(fraction * 100))% \(s.done)/\(total) \(Int(rate))/s, \(Int(left)) s left\u{1B}[K"
    }

    private static func plain(_ s: State, now: Date) -> String {
        let rate = Double(s.done) / max(now.timeIntervalSince(s.started), 0.001)
        let of = s.total.map { " of \($0)" } ?? ""
        return "\(s.phase): \(s.done)\(of) (\(Int(rate))/s)"
    }
}
