import Foundation

/// A plan saved with `--out` and applied later with `--plan`: JSON, pretty and sorted, so that a
/// reviewer can read it and a diff of two plans is small.
public enum SavedPlan {
    public enum ReadError: Error, Sendable, CustomStringConvertible {
        /// The file is JSON of another plan format.
        case formatVersion(Int)
        /// The file is not a plan at all.
        case notAPlan(String)

        public var description: String {
            switch self {
            case .formatVersion(let version): "has plan format \(version); this atrium reads \(Plan.formatVersion)"
            case .notAPlan(let why): "is not an Atrium plan: \(why)"
            }
        }
    }

    public static func encode(_ plan: Plan) throws -> Data {
        try JSONFormat.pretty.encode(plan)
    }

    public static func decode(_ data: Data) throws(ReadError) -> Plan {
        let plan: Plan
        do {
            plan = try JSONDecoder().decode(Plan.self, from: data)
        } catch {
            throw .notAPlan("\(error)")
        }
        guard plan.formatVersion == Plan.formatVersion else { throw .formatVersion(plan.formatVersion) }
        return plan
    }
}
