import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// Hummingbird's request decoder for the reference server: JSON objects of known fields, decoded
/// in one pass. Bad JSON, a body that is not an object, unknown fields, wrong types and bodies
/// over 1 MiB are answered 400 with Coder's error body.
struct StrictJSONDecoder: RequestDecoder {
    static let maxSize = 1 << 20

    func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: Self.maxSize)
        } catch {
            throw APIError.badRequest(
                "Request body too large.", detail: "the body must be at most \(Self.maxSize) bytes")
        }
        if let quick = T.self as? any QuickDecodable.Type,
            let value = quick.init(quick: Array(buffer.readableBytesView)) as? T
        {
            return value
        }
        let fields = (T.self as? any RequestBody.Type)?.fields
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in FieldKeys.key(path, fields: fields) }
        do {
            return try decoder.decode(KnownFields<T>.self, from: Data(buffer: buffer)).value
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            throw APIError.badRequest(
                "Request body must be valid JSON.",
                detail: (context.underlyingError ?? DecodingError.dataCorrupted(context)).localizedDescription)
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw APIError.badRequest("Request body must be a JSON object.")
        } catch let error as DecodingError {
            throw APIError(.badRequest, "Invalid request body.", validations: [Self.validation(for: error)])
        }
    }

    static func validation(for error: DecodingError) -> APIError.Validation {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { key in key.intValue.map { "\($0)" } ?? SnakeCaseKey.snakeCase(key.stringValue) }.joined(
                separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .init(
                field: path(context.codingPath + [key]),
                detail: "Validation failed for tag \"required\" with value: \"\"")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return .init(field: path(context.codingPath), detail: "must be of type \(type)")
        case .dataCorrupted(let context):
            return .init(field: path(context.codingPath), detail: context.debugDescription)
        @unknown default:
            return .init(field: "", detail: "\(error)")
        }
    }
}
