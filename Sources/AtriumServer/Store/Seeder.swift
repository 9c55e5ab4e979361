import AtriumCore
import AtriumYAML

/// Loads a ``Seed`` into the store: creates what is missing, leaves what exists, adds missing
/// group members. Running it twice changes nothing the second time.
package struct Seeder {
    package let store: Store

    package init(store: Store) { self.store = store }

    /// Returns a line per thing created, for the log.
    @discardableResult
    package func apply(_ seed: Seed) async throws -> [String] {
        var created: [String] = []
        for user in seed.users where try await store.user(user.username) == nil {
            let record = try await store.createUser(
                username: user.username, email: user.email, name: user.name, siteAdmin: user.admin, organizationIDs: [])
            if user.serviceAccount { try await store.markServiceAccount(userID: record.id) }
            if user.status != "active" { _ = try await store.setStatus(user.status, userID: record.id) }
            created.append("user \(user.username)")
        }
        // Templates are created by a real user: a site admin, else the first seeded user.
        let owner = try await store.users(query: "role:owner", limit: 1, offset: 0).users.first?.id
        let firstSeeded = try await seed.users.first.asyncMap { try await store.user($0.username)?.id }
        let creator = owner ?? firstSeeded.flatMap { $0 } ?? ""
        for template in seed.templates {
            let organization = try await requireOrganization(template.organization)
            if try await store.template(organizationID: organization.id, name: template.name) == nil {
                _ = try await store.createTemplate(
                    organizationID: organization.id, name: template.name, displayName: template.displayName,
                    description: template.description, parameters: template.parameters, createdBy: creator,
                    maxPortShareLevel: template.maxPortShareLevel)
                created.append("template \(template.name)")
            }
        }
        for group in seed.groups {
            let organization = try await requireOrganization(group.organization)
            var record = try await store.group(group.name, organizationID: organization.id)
            if record == nil {
                record = try await store.createGroup(organizationID: organization.id, name: group.name, displayName: "")
                created.append("group \(group.name)")
            }
            guard let record else { continue }
            let missing = group.members.filter { member in !record.members.contains { $0.username == member } }
            if !missing.isEmpty {
                _ = try await store.patchGroup(id: record.id, add: missing, remove: [], name: nil, displayName: nil)
                created.append("members of \(group.name): \(missing.joined(separator: ", "))")
            }
        }
        for workspace in seed.workspaces {
            guard let owner = try await store.user(workspace.owner) else {
                throw APIError.badRequest(
                    "Seed workspace \(workspace.owner)/\(workspace.name) names unknown user \(workspace.owner).")
            }
            guard
                let template = try await store.templates(organizationID: nil).first(where: {
                    $0.name == workspace.template
                })
            else {
                throw APIError.badRequest(
                    "Seed workspace \(workspace.owner)/\(workspace.name) names unknown template \(workspace.template).")
            }
            if try await store.workspace(ownerID: owner.id, name: workspace.name) == nil {
                _ = try await store.createWorkspace(
                    owner: owner, template: template, name: workspace.name, parameters: workspace.parameters)
                created.append("workspace \(workspace.owner)/\(workspace.name)")
            }
        }
        return created
    }

    private func requireOrganization(_ reference: String) async throws -> OrganizationRecord {
        guard let organization = try await store.organization(reference) else {
            throw APIError.badRequest("Seed names unknown organization \(reference).")
        }
        return organization
    }

    /// Creates the first site admin and returns their token, or `nil` when the user already
    /// exists (a token is printed once, when the admin is created).
    package func bootstrapAdmin(username: String) async throws -> String? {
        if try await store.user(username) != nil { return nil }
        let user = try await store.createUser(
            username: username, email: "\(username)@localhost", name: username, siteAdmin: true, organizationIDs: [])
        return try await store.createToken(userID: user.id)
    }
}
