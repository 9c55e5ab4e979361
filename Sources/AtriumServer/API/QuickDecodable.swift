import AtriumCore

/// A request body read in one pass by `JSONReader`, for the bodies an apply sends thousands of
/// (creates and ACL patches), where Foundation's decoder costs more than the write itself.
/// `init?(quick:)` reads only the plain shape: objects of known members, each once, with string
/// values. Anything else (numbers, booleans, an unknown or repeated member, bad UTF-8, malformed
/// text) answers nil, and the full decoder reads the body instead and words the error. So a body
/// reads the same whichever path reads it.
protocol QuickDecodable {
    init?(quick bytes: [UInt8])
}

/// The body is not of the plain shape; the full decoder reads it.
struct NotPlain: Error {}

extension JSONReader {
    /// Calls `member` with each member's name; a name seen twice is `NotPlain`.
    mutating func plainObject(_ member: (inout JSONReader, String) throws -> Void) throws {
        var seen = Set<String>()
        try object { reader, key in
            let name = try reader.name(key)
            guard seen.insert(name).inserted else { throw NotPlain() }
            try member(&reader, name)
        }
    }

    /// An object of strings, or nil for `null`.
    mutating func stringDictionary() throws -> [String: String]? {
        if try isNull() { return nil }
        var result: [String: String] = [:]
        try plainObject { reader, name in result[name] = try reader.string() }
        return result
    }

    /// Reads a whole document with `body`; nil when it is not of the plain shape.
    static func plain<T>(_ bytes: [UInt8], _ body: (inout JSONReader) throws -> T?) -> T? {
        var reader = JSONReader(bytes)
        guard let value = try? body(&reader), (try? reader.finish()) != nil else { return nil }
        return value
    }
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
