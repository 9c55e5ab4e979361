import AtriumCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOFoundationCompat
import Synchronization

/// Hummingbird's response encoder for the reference server: snake_case JSON, as Coder answers.
struct SnakeCaseJSONEncoder: ResponseEncoder {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        // snake_case through a cache: the same few dozen keys are converted millions of times.
        encoder.keyEncodingStrategy = .custom { path in SnakeCaseKey.cached(path.last?.stringValue ?? "") }
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    /// For types whose coding keys are snake_case already (`SnakeCaseKeyed`): no key strategy,
    /// which spares Foundation building the coding path of every key (a third of the time of a
    /// workspace listing).
    static let plainEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let writable = value as? any JSONWritable {
            var writer = JSONWriter()
            writable.write(to: &writer)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: writer.bytes)))
        }
        let encoder = value is any SnakeCaseKeyed ? Self.plainEncoder : Self.encoder
        return Response(
            status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(value))))
    }
}

/// A type whose `CodingKeys` spell Coder's snake_case names, as do those of every type inside it.
protocol SnakeCaseKeyed: Encodable {}

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
            let key = SnakeCaseKey(stringValue: snakeCase(name))
            cache[name] = key
            return key
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
