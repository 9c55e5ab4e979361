public import Foundation

/// A plan saved with `--out` and applied later with `--plan`: JSON, pretty and sorted, so that a
/// reviewer can read it and a diff of two plans is small.
public enum SavedPlan {
    public enum ReadError: Error, Sendable, CustomStringConvertible {
        /// The file is JSON of another plan format.
        case formatVersion(Int)
        /// The file is not a plan at all.
        case notAPlan(String)
        /// The actions are not those the digest was made of: the file was edited.
        case edited

        public var description: String {
            switch self {
            case .formatVersion(let version): "has plan format \(version); this atrium reads \(Plan.formatVersion)"
            case .notAPlan(let why): "is not an Atrium plan: \(why)"
            case .edited: "was edited after it was made (its actions do not match its digest); make a new plan"
            }
        }
    }

    /// The SHA-256 of the actions' canonical JSON (compact, sorted keys): what a saved plan
    /// carries so that an edited plan is refused, and what re-planning must give again.
    public static func digest(of actions: [PlanAction]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(actions)) ?? Data()
        return Hex.sha256(String(decoding: data, as: UTF8.self))
    }

    public static func encode(_ plan: Plan) throws -> Data {
        var plan = plan
        plan.digest = digest(of: plan.actions)
        return try JSONFormat.pretty.encode(plan)
    }

    public static func decode(_ data: Data) throws(ReadError) -> Plan {
        let plan: Plan
        do {
            plan = try JSONDecoder().decode(Plan.self, from: data)
        } catch {
            throw .notAPlan("\(error)")
        }
        guard plan.formatVersion == Plan.formatVersion else { throw .formatVersion(plan.formatVersion) }
        guard plan.digest == digest(of: plan.actions) else { throw .edited }
        return plan
    }
}
