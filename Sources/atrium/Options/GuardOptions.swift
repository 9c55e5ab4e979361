import ArgumentParser
import AtriumCore

/// The safety guards `reconcile` and `controller` share.
struct GuardOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Refuse a plan that removes more access than N grants or P% of the live grants on governed "
                + "workspaces (default: prune.maxRemovals, else 25%, at least 10).",
            valueName: "N|P%"))
    var maxRemovals: String?

    @Flag(
        help: ArgumentHelp(
            "Allow changing the organization's sharing setting (policy.sharing); Coder then deletes every "
                + "workspace ACL in it.")
    )
    var allowOrgSettingChange = false

    func validate() throws {
        _ = try removalLimit()
    }

    /// `--max-removals`, parsed.
    func removalLimit() throws -> RemovalLimit? {
        guard let maxRemovals else { return nil }
        guard let limit = RemovalLimit(maxRemovals) else {
            throw ValidationError("--max-removals takes a count (10) or a percentage (25%), not `\(maxRemovals)`")
        }
        return limit
    }
}
