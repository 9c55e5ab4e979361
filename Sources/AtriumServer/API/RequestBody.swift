/// A JSON request body with a known set of fields (snake_case, as Coder names them): a body with
/// any other field is refused with 400, as Coder's handlers refuse unknown fields.
protocol RequestBody: Decodable {
    static var fields: [String] { get }
}
