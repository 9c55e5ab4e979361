/// Everything the repository declares at one revision.
public struct DesiredState: Sendable {
    public var config: Config
    public var workspaces: [Workspace]
    public var grants: [Grant]
    public var factoryTemplates: [FactoryTemplate]

    public init(
        config: Config = Config(), workspaces: [Workspace] = [], grants: [Grant] = [],
        factoryTemplates: [FactoryTemplate] = []
    ) {
        self.config = config
        self.workspaces = workspaces
        self.grants = grants
        self.factoryTemplates = factoryTemplates
    }
}
