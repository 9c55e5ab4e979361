/// A `FactoryTemplate` document: a link that opens or creates a workspace, for onboarding.
///
/// The foundation checks its name, dialect, inputs and placeholders; the dialect-specific fields
/// are kept as parsed nodes for the factory renderer.
public struct FactoryTemplate: Sendable {
    public enum Dialect: String, Sendable, Hashable, CaseIterable {
        case coder
        case che
        case gitpod
        case cheFactoryV4 = "che-factory-v4"

        /// The `spec` fields each dialect understands, besides `dialect`, `description` and `inputs`.
        public var fields: [String] {
            switch self {
            case .coder:
                return [
                    "baseURL", "organization", "template", "workspaceName", "parameters", "mode", "version",
                    "disableParams", "match",
                ]
            case .che:
                return [
                    "baseURL", "repository", "new", "devfilePath", "editor", "editorImage", "storageType", "image",
                    "memoryLimit", "cpuLimit", "remotes", "existing", "policiesCreate", "overrides",
                ]
            case .gitpod:
                return [
                    "baseURL", "context", "env", "referrer", "referrerIDE", "workspaceClass", "editor", "autostart",
                ]
            case .cheFactoryV4:
                return ["name", "workspace", "policies", "ide"]
            }
        }
    }

    public struct Input: Sendable {
        public var name: String
        public var required: Bool
        public var defaultValue: String?
        public var pattern: String?
        public var description: String?
        public var location: SourceLocation

        public init(
            name: String, required: Bool = false, defaultValue: String? = nil, pattern: String? = nil,
            description: String? = nil, location: SourceLocation
        ) {
            self.name = name
            self.required = required
            self.defaultValue = defaultValue
            self.pattern = pattern
            self.description = description
            self.location = location
        }
    }

    public var name: String
    public var description: String?
    public var dialect: Dialect
    public var inputs: [Input]
    /// The dialect's fields as written (strings may hold `{{input}}` placeholders).
    public var fields: [YAMLEntry]
    public var location: SourceLocation
    public var nameLocation: SourceLocation

    /// The coder dialect's server template, when given.
    public var serverTemplate: (name: String, location: SourceLocation)? {
        guard dialect == .coder, let entry = fields.first(where: { $0.key == "template" }),
            case .scalar(let scalar) = entry.value.content
        else { return nil }
        return (scalar.text, entry.value.location)
    }
}
