import Foundation
import Synchronization
import HTTPTypes
import Hummingbird
import NIOCore

/// Strict JSON in and out: request bodies are objects of known fields (unknown fields, bad JSON,
/// wrong types and bodies over 1 MiB are 400s), responses are snake_case JSON.
enum JSONBody {
    static let maxSize = 1 << 20

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        // snake_case through a cache: the same few dozen keys are converted millions of times.
        encoder.keyEncodingStrategy = .custom { path in SnakeCaseKey.cached(path.last?.stringValue ?? "") }
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        let data = try encoder.encode(value)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func noContent() -> Response {
        Response(status: .noContent)
    }

    static func decode<T: Decodable>(_ type: T.Type, fields: [String], from request: Request) async throws -> T {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxSize)
        } catch {
            throw APIError.badRequest("Request body too large.", detail: "the body must be at most \(maxSize) bytes")
        }
        let data = Data(buffer: buffer)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw APIError.badRequest("Request body must be valid JSON.", detail: "\(error.localizedDescription)")
        }
        guard let dictionary = object as? [String: Any] else {
            throw APIError.badRequest("Request body must be a JSON object.")
        }
        let unknown = dictionary.keys.filter { !fields.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw APIError(
                .badRequest, "Request body has unknown fields.",
                validations: unknown.map { APIError.Validation(field: $0, detail: "unknown field; accepted: \(fields.joined(separator: ", "))") })
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw APIError(.badRequest, "Invalid request body.", validations: [validation(for: error)])
        }
    }

    static func validation(for error: DecodingError) -> APIError.Validation {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { key in key.intValue.map { "\($0)" } ?? snakeCase(key.stringValue) }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .init(field: path(context.codingPath + [key]), detail: "Validation failed for tag \"required\" with value: \"\"")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return .init(field: path(context.codingPath), detail: "must be of type \(type)")
        case .dataCorrupted(let context):
            return .init(field: path(context.codingPath), detail: context.debugDescription)
        @unknown default:
            return .init(field: "", detail: "\(error)")
        }
    }

    static func snakeCase(_ text: String) -> String {
        var result = ""
        for character in text {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// A coding key converted to snake_case once and remembered.
struct SnakeCaseKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    private static let cache = Mutex<[String: SnakeCaseKey]>([:])

    static func cached(_ name: String) -> SnakeCaseKey {
        cache.withLock { cache in
            if let key = cache[name] { return key }
            let key = SnakeCaseKey(stringValue: JSONBody.snakeCase(name))
            cache[name] = key
            return key
        }
    }
}
