import AtriumCore

/// A response the server writes with `JSONWriter` instead of Foundation's encoder.
protocol JSONWritable {
    func write(to writer: inout JSONWriter)
}

/// A workspace's port shares and a build's parameters, written by `JSONWriter` member for member
/// as their `Encodable` conformances encode them (ListingEncodingTests compares the two): a
/// reconcile reads both of every governed workspace, one request each.
extension PortSharesJSON: JSONWritable {
    func write(to writer: inout JSONWriter) {
        writer.object { w in
            w.key("shares")
            w.array(shares) { w, share in
                w.object { w in
                    w.key("workspace_id")
                    w.string(share.workspaceId)
                    w.key("agent_name")
                    w.string(share.agentName)
                    w.key("port")
                    w.int(share.port)
                    w.key("share_level")
                    w.string(share.shareLevel)
                    w.key("protocol")
                    w.string(share.protocol)
                }
            }
        }
    }
}

extension BuildParametersJSON: JSONWritable {
    func write(to writer: inout JSONWriter) {
        writer.array(parameters) { w, parameter in
            w.object { w in
                w.key("name")
                w.string(parameter.name)
                w.key("value")
                w.string(parameter.value)
            }
        }
    }
}
