/// A minimal valid Workspace document.
public func workspaceYAML(_ name: String, owner: String = "alice", template: String = "go-dev", extra: String = "")
    -> String
{
    """
    apiVersion: atrium/v1
    kind: Workspace
    metadata: {name: \(name), owner: \(owner)}
    spec:
      template: \(template)
    \(extra)
    """
}
