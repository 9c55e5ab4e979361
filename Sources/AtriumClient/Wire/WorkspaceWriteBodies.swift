import AtriumCore
import Foundation

/// The bodies an apply sends thousands of, written by `JSONWriter` (`JSONWritableBody`).

struct CreateWorkspaceBody: Encodable {
    struct Parameter: Encodable {
        var name: String
        var value: String
    }
    var name: String
    var templateId: String
    var richParameterValues: [Parameter]
}

struct UpdateACLBody: Encodable {
    var userRoles: [String: String]
    var groupRoles: [String: String]
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
