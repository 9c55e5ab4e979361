import AtriumCore

/// A request the server refused or that could not be made. Never carries the token.
package struct ClientError: Error, Sendable, CustomStringConvertible {
    package var method: String
    package var path: String
    /// The HTTP status, or `nil` when no response came (connection refused, timeout).
    package var status: Int?
    /// Coder's `message`, `detail` and validation details, or the transport error.
    package var message: String

    package init(method: String, path: String, status: Int?, message: String) {
        self.method = method
        self.path = path
        self.status = status
        self.message = message
    }

    package var description: String {
        if let status { return "\(method) \(path): \(status) \(message)" }
        return "\(method) \(path): \(message)"
    }
}
