import AtriumCore
import Foundation
import NIOPosix

/// The controller's append-only audit log: one JSON line per change it applied — when, the
/// commit, the controller, and the action with its sources and reason — which `atrium review
/// report` reads for what the controller removed as drift. Opened for appending on each write,
/// on NIO's thread pool (file I/O blocks); a line is written whole with one `write(2)`.
struct AuditLog: Sendable {
    let path: String
    let identity: String

    /// The lines for `actions` applied from `commit` at `at`.
    func lines(_ actions: [PlanAction], commit: String, at: Date) -> Data {
        var data = Data()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for action in actions {
            guard
                let encoded = try? encoder.encode(
                    Entry(at: Timestamp.format(at), commit: commit, controller: identity, action: action))
            else { continue }
            data.append(encoded)
            data.append(0x0A)
        }
        return data
    }

    struct Entry: Encodable {
        var at: String
        var commit: String
        var controller: String
        var action: PlanAction
    }

    /// Appends the lines; a failure is returned for the log, never thrown into the cycle.
    func append(_ actions: [PlanAction], commit: String, at: Date) async -> String? {
        guard !actions.isEmpty else { return nil }
        let data = lines(actions, commit: commit, at: at)
        let path = path
        do {
            try await NIOThreadPool.singleton.runIfActive {
                let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
                guard descriptor >= 0 else { throw AuditLogError(errno: errno) }
                defer { close(descriptor) }
                let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                guard written == data.count else { throw AuditLogError(errno: errno) }
            }
            return nil
        } catch let error as AuditLogError {
            return "cannot append to the audit log \(path): \(String(cString: strerror(error.errno)))"
        } catch {
            return "cannot append to the audit log \(path): \(error)"
        }
    }
}

struct AuditLogError: Error {
    var errno: Int32
}
