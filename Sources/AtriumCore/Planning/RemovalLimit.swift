import Foundation

/// How much access one reconcile may remove (`--max-removals`, `prune.maxRemovals`), as
/// Peribolos's `--maximum-removal-delta`: a count (`10`) or a share of the live grants on
/// governed workspaces (`25%`). The default, 25%, has a floor of 10 so that small repositories
/// are not blocked; an explicit limit is exact (`0` refuses every removal, `100%` allows all).
public struct RemovalLimit: Sendable, Hashable, CustomStringConvertible {
    public enum Amount: Sendable, Hashable {
        case count(Int)
        case percent(Int)
    }

    public var amount: Amount
    /// Whether this is the default (and so has the floor).
    public var isDefault: Bool

    public static let standard = RemovalLimit(amount: .percent(25), isDefault: true)
    public static let floor = 10

    public init(amount: Amount, isDefault: Bool = false) {
        self.amount = amount
        self.isDefault = isDefault
    }

    /// Reads `N` or `P%` (P at most 100).
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            guard let percent = Int(trimmed.dropLast()), (0...100).contains(percent) else { return nil }
            self.init(amount: .percent(percent))
        } else {
            guard let count = Int(trimmed), count >= 0 else { return nil }
            self.init(amount: .count(count))
        }
    }

    /// How many removals are allowed when `grants` grants are live on governed workspaces.
    public func allowed(grants: Int) -> Int {
        switch amount {
        case .count(let count): return count
        case .percent(let percent):
            let share = grants * percent / 100
            return isDefault ? max(Self.floor, share) : share
        }
    }

    public var description: String {
        switch amount {
        case .count(let count): return "\(count)"
        case .percent(let percent): return isDefault ? "\(percent)%, at least \(Self.floor)" : "\(percent)%"
        }
    }
}
