import AtriumCore
import Foundation

/// A request body written by `JSONWriter`: the bodies of an apply's thousands of creates and ACL
/// patches, which Foundation's encoder spent a tenth of the client's time on. Written as
/// `ServerClient.encoder` writes them (sorted keys, snake case); RequestBodyWritingTests compares.
protocol JSONWritableBody: Encodable {
    func write(to writer: inout JSONWriter)
}

extension JSONWritableBody {
    var json: Data {
        var writer = JSONWriter(capacity: 256)
        write(to: &writer)
        return Data(writer.bytes)
    }
}

extension CreateWorkspaceBody: JSONWritableBody {
    func write(to writer: inout JSONWriter) {
        writer.object { w in
            w.key("name")
            w.string(name)
            w.key("rich_parameter_values")
            w.array(richParameterValues) { w, parameter in
                w.object { w in
                    w.key("name")
                    w.string(parameter.name)
                    w.key("value")
                    w.string(parameter.value)
                }
            }
            w.key("template_id")
            w.string(templateId)
        }
    }
}

extension UpdateACLBody: JSONWritableBody {
    func write(to writer: inout JSONWriter) {
        func roles(_ roles: [String: String], _ w: inout JSONWriter) {
            w.object { w in
                for (id, role) in roles.sorted(by: { $0.key < $1.key }) {
                    w.key(id)
                    w.string(role)
                }
            }
        }
        writer.object { w in
            w.key("group_roles")
            roles(groupRoles, &w)
            w.key("user_roles")
            roles(userRoles, &w)
        }
    }
}
