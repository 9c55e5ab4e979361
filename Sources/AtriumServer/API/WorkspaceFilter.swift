import HTTPTypes

/// Coder's workspace search query (`q`): space-separated `key:value` terms, combined with AND.
/// A bare word means `name:`.
package struct WorkspaceFilter: Sendable, Equatable {
    package var owner: String?
    package var name: String?
    package var template: String?
    package var shared: Bool?
    package var sharedWithUser: String?
    package var sharedWithGroup: String?
    /// For `shared_with_group:ORG/NAME`: the organization named.
    package var sharedWithGroupOrganization: String?

    package static let keys = ["owner", "name", "template", "shared", "shared_with_user", "shared_with_group"]

    package init() {}

    /// As Coder's searchquery.Workspaces, the query is lowercased before it is parsed.
    package init(query: String) throws {
        var validations: [APIError.Validation] = []
        for term in query.lowercased().split(separator: " ", omittingEmptySubsequences: true) {
            let parts = term.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                name = String(term)
                continue
            }
            let (key, value) = (parts[0], parts[1].trimmingCharacters(in: ["\"", "'"]))
            switch key {
            case "owner": owner = value
            case "name": name = value
            case "template": template = value
            case "shared":
                switch value {
                case "true": shared = true
                case "false": shared = false
                default:
                    validations.append(
                        .init(field: "shared", detail: "Query param \"shared\" must be a valid boolean: \"\(value)\""))
                }
            case "shared_with_user": sharedWithUser = value
            case "shared_with_group":
                let parts = value.split(separator: "/", maxSplits: 1).map(String.init)
                if parts.count == 2 {
                    (sharedWithGroupOrganization, sharedWithGroup) = (parts[0], parts[1])
                } else {
                    sharedWithGroup = value
                }
            default:
                validations.append(.init(field: key, detail: "\"\(key)\" is not a valid query param"))
            }
        }
        if !validations.isEmpty {
            throw APIError(.badRequest, "Invalid workspace search query.", validations: validations)
        }
    }
}

extension Character {
    fileprivate static let quotes: Set<Character> = ["\"", "'"]
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
