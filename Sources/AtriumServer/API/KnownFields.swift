import Foundation
import HTTPTypes

/// Decodes `T` from a JSON object and refuses top-level fields `T` does not list: the key
/// strategy turns each known snake_case field into its Swift name and marks any other, so one
/// pass over the parsed JSON finds both the value and the unknown fields.
struct KnownFields<T: Decodable>: Decodable {
    var value: T

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let marker = FieldKeys.unknownMarker
        let unknown = container.allKeys.map(\.stringValue).filter { $0.hasPrefix(marker) }.map {
            String($0.dropFirst(marker.count))
        }.sorted()
        if !unknown.isEmpty, let fields = (T.self as? any RequestBody.Type)?.fields {
            throw APIError(
                .badRequest, "Request body has unknown fields.",
                validations: unknown.map {
                    APIError.Validation(field: $0, detail: "unknown field; accepted: \(fields.joined(separator: ", "))")
                })
        }
        value = try T(from: decoder)
    }
}

/// The key strategy `KnownFields` relies on.
enum FieldKeys {
    static let unknownMarker = "\u{0}unknown:"

    /// snake_case to camelCase; at the top level, a field not in `fields` is marked unknown.
    static func key(_ path: [any CodingKey], fields: [String]?) -> any CodingKey {
        let raw = path.last?.stringValue ?? ""
        if path.count == 1, let fields, !fields.contains(raw) { return AnyKey(unknownMarker + raw) }
        return AnyKey(camelCase(raw))
    }

    /// `user_roles` → `userRoles`, as JSONDecoder's `convertFromSnakeCase` does.
    static func camelCase(_ key: String) -> String {
        guard key.contains("_") else { return key }
        let parts = key.split(separator: "_", omittingEmptySubsequences: false)
        guard let first = parts.first, parts.count > 1, !first.isEmpty else { return key }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

/// Any string key.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(_ string: String) { stringValue = string }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        stringValue = "\(intValue)"
        self.intValue = intValue
    }
}
