/// A request body that `QuickJSON` can read: `init?(quick:)` answers nil for anything but the
/// plain shape (then the full decoder reads the body and words the error).
protocol QuickDecodable {
    init?(quick value: QuickJSON.Value)
}

extension QuickJSON.Value {
    var string: String? { if case .string(let text) = self { text } else { nil } }

    /// Null as nil; `.some(nil)` for any other kind of value.
    var stringDictionary: [String: String]?? {
        switch self {
        case .null: return .some(nil)
        case .object(let members):
            var result: [String: String] = [:]
            for (key, value) in members {
                guard let text = value.string else { return nil }
                result[key] = text
            }
            return result
        default: return nil
        }
    }
}

extension UpdateWorkspaceACLRequest: QuickDecodable {
    init?(quick value: QuickJSON.Value) {
        guard case .object(let members) = value else { return nil }
        for (key, value) in members {
            guard let roles = value.stringDictionary else { return nil }
            switch key {
            case "user_roles": userRoles = roles
            case "group_roles": groupRoles = roles
            default: return nil
            }
        }
    }
}

extension CreateWorkspaceRequest: QuickDecodable {
    init?(quick value: QuickJSON.Value) {
        guard case .object(let members) = value else { return nil }
        var name: String?
        for (key, value) in members {
            switch (key, value) {
            case ("name", .string(let text)): name = text
            case ("template_id", .string(let text)): templateId = text
            case ("template_version_id", .string(let text)): templateVersionId = text
            case ("rich_parameter_values", .array(let elements)):
                var parameters: [Parameter] = []
                for case .object(let fields) in elements where fields.count == 2 {
                    guard let name = fields.first(where: { $0.key == "name" })?.value.string,
                        let value = fields.first(where: { $0.key == "value" })?.value.string
                    else { return nil }
                    parameters.append(Parameter(name: name, value: value))
                }
                guard parameters.count == elements.count else { return nil }
                richParameterValues = parameters
            default: return nil
            }
        }
        guard let name else { return nil }
        self.name = name
    }
}
