import AtriumCore
import Hummingbird

/// The request bodies an apply sends thousands of, each with its one-pass reading (`QuickDecodable`).

struct CreateWorkspaceRequest: RequestBody {
    static let fields = [
        "name", "template_id", "template_version_id", "template_version_preset_id", "rich_parameter_values", "ttl_ms",
        "autostart_schedule", "automatic_updates",
    ]
    struct Parameter: Decodable {
        var name: String
        var value: String
    }
    var name: String
    var templateId: String?
    var templateVersionId: String?
    var richParameterValues: [Parameter]?
}

struct UpdateWorkspaceACLRequest: RequestBody {
    static let fields = ["user_roles", "group_roles"]
    var userRoles: [String: String]?
    var groupRoles: [String: String]?
}

extension UpdateWorkspaceACLRequest: QuickDecodable {
    init?(quick bytes: [UInt8]) {
        guard
            let request = JSONReader.plain(
                bytes,
                { reader -> Self? in
                    var request = Self()
                    try reader.plainObject { reader, name in
                        switch name {
                        case "user_roles": request.userRoles = try reader.stringDictionary()
                        case "group_roles": request.groupRoles = try reader.stringDictionary()
                        default: throw NotPlain()
                        }
                    }
                    return request
                })
        else { return nil }
        self = request
    }
}

extension CreateWorkspaceRequest: QuickDecodable {
    init?(quick bytes: [UInt8]) {
        guard let request = JSONReader.plain(bytes, Self.readPlain) else { return nil }
        self = request
    }

    private static func readPlain(_ reader: inout JSONReader) throws -> Self? {
        var name: String?
        var templateID: String?
        var versionID: String?
        var parameters: [Parameter]?
        try reader.plainObject { reader, member in
            switch member {
            case "name": name = try reader.string()
            case "template_id": templateID = try reader.string()
            case "template_version_id": versionID = try reader.string()
            case "rich_parameter_values": parameters = try readParameters(&reader)
            default: throw NotPlain()
            }
        }
        guard let name else { return nil }
        var request = Self(name: name)
        request.templateId = templateID
        request.templateVersionId = versionID
        request.richParameterValues = parameters
        return request
    }

    private static func readParameters(_ reader: inout JSONReader) throws -> [Parameter] {
        var parameters: [Parameter] = []
        try reader.array { reader in
            var name: String?
            var value: String?
            try reader.plainObject { reader, member in
                switch member {
                case "name": name = try reader.string()
                case "value": value = try reader.string()
                default: throw NotPlain()
                }
            }
            guard let name, let value else { throw NotPlain() }
            parameters.append(Parameter(name: name, value: value))
        }
        return parameters
    }
}
