import Foundation

/// Who may open a port a workspace's agent listens on, by Coder's port sharing
/// (coderd/workspaceportshare.go). From narrowest to widest, as Coder orders them
/// (codersdk/workspaceportshare.go, `IsCompatibleWithMaxLevel`): the owner only, members of the
/// workspace's organization, anyone signed in to the deployment, anyone on the internet.
public enum PortShareLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case owner
    case organization
    case authenticated
    case `public`

    private var rank: Int {
        switch self {
        case .owner: 0
        case .organization: 1
        case .authenticated: 2
        case .public: 3
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    /// The levels a port may be shared at: `owner` is a port that is not shared.
    public static let shareable: [PortShareLevel] = [.organization, .authenticated, .public]
}

/// How Coder's proxy speaks to the port.
public enum PortProtocol: String, Sendable, Hashable, Codable, CaseIterable {
    case http, https
}

/// One shared port: an agent's port, at a level, over a protocol. `agent` is empty in a plan
/// for a workspace the plan creates when git names none (its only agent, known once it exists).
public struct PortShare: Sendable, Hashable, Codable, Comparable {
    public var agent: String
    public var port: Int
    public var level: PortShareLevel
    public var `protocol`: PortProtocol

    public init(agent: String, port: Int, level: PortShareLevel, protocol: PortProtocol = .http) {
        self.agent = agent
        self.port = port
        self.level = level
        self.protocol = `protocol`
    }

    /// The share's identity on the server: an agent's port.
    public var key: Key { Key(agent: agent, port: port) }

    public struct Key: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
        public var agent: String
        public var port: Int

        public init(agent: String, port: Int) {
            self.agent = agent
            self.port = port
        }

        public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.port, lhs.agent) < (rhs.port, rhs.agent) }

        /// `8080` or `8080 on agent main`.
        public var description: String { agent.isEmpty ? "port \(port)" : "port \(port) (agent \(agent))" }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.key < rhs.key }

    /// Where Coder serves the port: its subdomain form under the deployment's wildcard host
    /// (`8080--main--api--alice.apps.example.com`, `8443s--…` for https), with the access URL's
    /// scheme. `nil` without a wildcard host: Coder then cannot serve shared ports at all.
    public func url(workspace: WorkspaceID, wildcardHost: String, scheme: String) -> String? {
        guard wildcardHost.contains("*"), !agent.isEmpty else { return nil }
        let label = "\(port)\(self.protocol == .https ? "s" : "")--\(agent)--\(workspace.name)--\(workspace.owner)"
        let host = wildcardHost.replacingOccurrences(of: "*", with: label)
        return "\(scheme)://\(host)"
    }
}

/// A port git declares shared, with where.
public struct DeclaredPort: Sendable, Hashable {
    public var port: Int
    /// `nil`: the workspace's only agent.
    public var agent: String?
    public var level: PortShareLevel
    public var `protocol`: PortProtocol
    public var location: SourceLocation
    public var levelLocation: SourceLocation

    public init(
        port: Int, agent: String?, level: PortShareLevel, protocol: PortProtocol, location: SourceLocation,
        levelLocation: SourceLocation? = nil
    ) {
        self.port = port
        self.agent = agent
        self.level = level
        self.protocol = `protocol`
        self.location = location
        self.levelLocation = levelLocation ?? location
    }
}
