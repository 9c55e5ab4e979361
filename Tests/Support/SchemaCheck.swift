public import Foundation

/// Validates JSON output against one of the package's JSON Schemas with python3's jsonschema.
public enum SchemaCheck {
    /// `nil` when valid; otherwise what jsonschema said.
    public static func problem(schema: URL, json: String) async throws -> String? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "atrium-schema-\(UUID().uuidString).json")
        try json.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await ChildProcess.run(
            Command(
                "python3",
                [
                    "-c",
                    "import json, sys, jsonschema; "
                        + "jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(ope"
                        + "n(sys.argv[2]))); print('ok')",
                    schema.path, file.path,
                ],
                in: FileManager.default.temporaryDirectory))
        return result.stdout == "ok\n" ? nil : result.stderr
    }
}
