/// The diff's JSON (`schemas/access-diff.schema.json`): a flat object per change, with a `kind`
/// and the fields that kind has, written from the typed `Effect` here and only here.
extension AccessChange: Encodable {
    enum CodingKeys: String, CodingKey {
        case kind, workspace, subject, role, link, template, setting, value, sources, group, reaches, port
        case portLevel = "port_level"
        case previousPortLevel = "previous_port_level"
        case accessTemplate = "access_template"
        case previousRole = "previous_role"
        case previousLink = "previous_link"
        case previousValue = "previous_value"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(workspace, forKey: .workspace)
        try container.encodeIfPresent(subject, forKey: .subject)
        try container.encodeIfPresent(accessTemplate, forKey: .accessTemplate)
        try container.encodeIfPresent(template, forKey: .template)
        try container.encodeIfPresent(setting, forKey: .setting)
        try container.encodeIfPresent(group, forKey: .group)
        try container.encode(sources, forKey: .sources)
        switch effect {
        case .gain(_, _, let role):
            try container.encode(role, forKey: .role)
        case .loss(_, _, let was):
            try container.encode(was, forKey: .previousRole)
        case .roleChange(_, _, let from, let to):
            try container.encode(to, forKey: .role)
            try container.encode(from, forKey: .previousRole)
        case .linkChange(_, let from, let to):
            try container.encode(to, forKey: .link)
            try container.encode(from, forKey: .previousLink)
        case .policyChange(_, let from, let to), .configChange(_, let from, let to):
            try container.encodeIfPresent(to, forKey: .value)
            try container.encodeIfPresent(from, forKey: .previousValue)
        case .memberAdded(_, _, let reaches), .memberRemoved(_, _, let reaches):
            try container.encode(reaches, forKey: .reaches)
        case .portChange(_, let port, let from, let to):
            try container.encode(port, forKey: .port)
            try container.encodeIfPresent(to, forKey: .portLevel)
            try container.encodeIfPresent(from, forKey: .previousPortLevel)
        case .workspaceAdded, .workspaceRemoved, .factoryTemplateAdded, .factoryTemplateRemoved,
            .factoryTemplateChanged:
            break
        }
    }
}
