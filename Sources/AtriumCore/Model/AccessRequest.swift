public import Foundation

/// Who asked for a Grant, why and for how long, as `atrium request` writes it (`spec.request`):
/// the review of the pull request that adds it is the approval; `diff` shows it beside the gain.
public struct AccessRequest: Sendable, Hashable, Codable {
    public var requester: String
    public var reason: String
    /// How long it was asked for, as written (`8h`).
    public var duration: String
    public var requestedAt: Date

    public init(requester: String, reason: String, duration: String, requestedAt: Date) {
        self.requester = requester
        self.reason = reason
        self.duration = duration
        self.requestedAt = requestedAt
    }

    enum CodingKeys: String, CodingKey {
        case requester = "by"
        case reason
        case duration = "for"
        case requestedAt = "at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        requester = try container.decode(String.self, forKey: .requester)
        reason = try container.decode(String.self, forKey: .reason)
        duration = try container.decode(String.self, forKey: .duration)
        let at = try container.decode(String.self, forKey: .requestedAt)
        guard let date = Timestamp.parse(at) else {
            throw DecodingError.dataCorruptedError(
                forKey: .requestedAt, in: container, debugDescription: "`\(at)` is not an RFC 3339 time")
        }
        requestedAt = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(requester, forKey: .requester)
        try container.encode(reason, forKey: .reason)
        try container.encode(duration, forKey: .duration)
        try container.encode(Timestamp.format(requestedAt), forKey: .requestedAt)
    }

    /// `requested by maria for 8h: INC-4711`.
    public var description: String { "requested by \(requester) for \(duration): \(reason)" }
}
