import Foundation
import Testing

/// The documents in schemas/ are valid for their own standards.
@Suite struct SchemaFilesTests {
    @Test func serverExtensionsAreValidOpenAPI3() async throws {
        let output = try await CLI.tool([
            "python3", "-c",
            "import yaml; from openapi_spec_validator import validate; d = yaml.safe_load(open('schemas/server-extensions.yaml')); validate(d); print(d['openapi'], len(d['paths']))",
        ], in: CLI.packageRoot)
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "3.0.3 4")
    }
}
