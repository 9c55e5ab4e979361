import AtriumCore

/// A request the server refused or that could not be made. Never carries the token.
public struct ClientError: Error, Sendable, CustomStringConvertible {
    public var method: String
    public var path: String
    /// The HTTP status, or `nil` when no response came (connection refused, timeout).
    public var status: Int?
    /// Coder's `message`, `detail` and validation details, or the transport error.
    public var message: String

    public init(method: String, path: String, status: Int?, message: String) {
        self.method = method
        self.path = path
        self.status = status
        self.message = message
    }

    public var description: String {
        if let status { return "\(method) \(path): \(status) \(message)" }
        return "\(method) \(path): \(message)"
    }
}
