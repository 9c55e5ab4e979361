import Foundation
package import HTTPTypes
package import Hummingbird
import NIOCore

/// An error answered with Coder's error body: `{"message", "detail", "validations"}`.
package struct APIError: Error, HTTPResponseError, Sendable {
    package struct Validation: Codable, Sendable, Hashable {
        package var field: String
        package var detail: String
    }

    package var status: HTTPResponse.Status
    package var message: String
    package var detail: String?
    package var validations: [Validation]

    package init(
        _ status: HTTPResponse.Status, _ message: String, detail: String? = nil, validations: [Validation] = []
    ) {
        self.status = status
        self.message = message
        self.detail = detail
        self.validations = validations
    }

    package static func badRequest(_ message: String, field: String? = nil, detail: String? = nil) -> APIError {
        APIError(
            .badRequest, message, detail: detail,
            validations: field.map { [Validation(field: $0, detail: detail ?? message)] } ?? [])
    }

    package static func notFound(_ what: String) -> APIError {
        APIError(.notFound, "Resource not found or you do not have access to this resource", detail: what)
    }

    package static func forbidden(_ detail: String) -> APIError {
        APIError(.forbidden, "Forbidden.", detail: detail)
    }

    package static func conflict(_ message: String, field: String? = nil) -> APIError {
        APIError(.conflict, message, validations: field.map { [Validation(field: $0, detail: message)] } ?? [])
    }

    package static let unauthorized = APIError(
        .unauthorized, "You must be logged in to perform this action.",
        detail: "Send a valid session token in the Coder-Session-Token header.")

    struct Body: Encodable {
        var message: String
        var detail: String?
        var validations: [Validation]?
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(message: message, detail: detail, validations: validations.isEmpty ? nil : validations)
        let data = try JSONEncoder().encode(body)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
