/// Which workspaces carry each label, by position: a selector's workspaces are the
/// intersection of its labels' lists, found without looking at every workspace.
struct LabelIndex: Sendable {
    private var positions: [String: [String: [Int]]] = [:]
    private let count: Int

    init(_ workspaces: [Workspace]) {
        count = workspaces.count
        for index in workspaces.indices {
            for (key, value) in workspaces[index].labels {
                positions[key, default: [:]][value, default: []].append(index)
            }
        }
    }

    /// Positions in ascending order of the workspaces that have every label of `selector`
    /// (all of them for an empty selector).
    func positions(matching selector: [String: String]) -> [Int] {
        if selector.isEmpty { return Array(0..<count) }
        var lists = selector.map { positions[$0.key]?[$0.value] ?? [] }.sorted { $0.count < $1.count }
        guard var result = lists.first else { return [] }
        lists.removeFirst()
        for list in lists {
            let members = Set(list)
            result = result.filter { members.contains($0) }
        }
        return result
    }
}
