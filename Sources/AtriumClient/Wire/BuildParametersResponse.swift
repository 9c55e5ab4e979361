import AtriumCore

/// `GET /workspacebuilds/{id}/parameters`: a JSON array of Coder's WorkspaceBuildParameter, read
/// by `JSONReader`, as the parameters of every governed workspace that declares some are read on
/// each reconcile that checks them.
struct BuildParametersResponse: JSONReadable {
    struct Parameter: Equatable {
        var name: String
        var value: String
    }

    var parameters: [Parameter]

    init(reading reader: inout JSONReader) throws {
        var parameters: [Parameter] = []
        try reader.array { reader in
            var name: String?
            var value: String?
            try reader.object { reader, key in
                if reader.key(key, is: "name") {
                    name = try reader.string()
                } else if reader.key(key, is: "value") {
                    value = try reader.string()
                } else {
                    try reader.skip()
                }
            }
            guard let name else { throw reader.missing("name") }
            guard let value else { throw reader.missing("value") }
            parameters.append(Parameter(name: name, value: value))
        }
        self.parameters = parameters
    }
}
