import Foundation
import Testing

/// The documents in schemas/ are valid for their own standards.
@Suite struct SchemaFilesTests {
    @Test func serverExtensionsAreValidOpenAPI3() async throws {
        let output = try await CLI.tool(
            [
                "python3", "-c",
                "import yaml; from openapi_spec_validator import validate; d = "
                    + "yaml.safe_load(open('schemas/server-extensions.yaml')); validate(d); "
                    + "print(d['openapi'], len(d['paths']))",
            ], in: CLI.packageRoot)
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "3.0.3 4")
    }

    /// A key written twice in a mapping is lost silently by most YAML readers: none in schemas/.
    @Test func noSchemaFileRepeatsAKey() async throws {
        let check = """
            import glob, yaml
            class Strict(yaml.SafeLoader):
                pass
            def mapping(loader, node, deep=False):
                seen = {}
                for key_node, _ in node.value:
                    key = loader.construct_object(key_node, deep=True)
                    if key in seen:
                        raise SystemExit(f"{node.start_mark.name}:{key_node.start_mark.line + 1}: `{key}` repeats line {seen[key]}")
                    seen[key] = key_node.start_mark.line + 1
                return yaml.SafeLoader.construct_mapping(loader, node, deep)
            Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
            for path in sorted(glob.glob("schemas/*.yaml")):
                yaml.load(open(path), Loader=Strict)
            print("ok")
            """
        let output = try await CLI.tool(["python3", "-c", check], in: CLI.packageRoot)
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }
}
