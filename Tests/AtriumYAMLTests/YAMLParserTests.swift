import AtriumYAML
import Testing

@testable import AtriumCore

@Suite struct YAMLParserTests {
    func parse(_ text: String) throws -> [YAMLDocument] {
        try YAMLParser.parse(Array(text.utf8), file: "t.yaml")
    }

    func error(_ text: String) -> Diagnostic? {
        do throws(DiagnosticError) {
            _ = try YAMLParser.parse(Array(text.utf8), file: "t.yaml")
            return nil
        } catch {
            return error.diagnostics.first
        }
    }

    @Test func everyNodeCarriesItsLocation() throws {
        let documents = try parse("a: 1\nb:\n  - x\n  - {c: \"d\"}\n")
        let root = try #require(documents.first?.root)
        guard case .mapping(let entries) = root.content else {
            Issue.record("not a mapping")
            return
        }
        #expect(entries.map(\.key) == ["a", "b"])
        #expect(entries[0].keyLocation == SourceLocation(file: "t.yaml", line: 1, column: 1))
        #expect(entries[0].value.location == SourceLocation(file: "t.yaml", line: 1, column: 4))
        guard case .sequence(let items) = entries[1].value.content else {
            Issue.record("not a list")
            return
        }
        #expect(items[0].location == SourceLocation(file: "t.yaml", line: 3, column: 5))
        #expect(items[1].location == SourceLocation(file: "t.yaml", line: 4, column: 5))
        guard case .mapping(let inner) = items[1].content, case .scalar(let d) = inner[0].value.content else {
            Issue.record("not a flow mapping")
            return
        }
        #expect(inner[0].value.location.column == 9)
        #expect(d.resolved == .string("d"))
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let documents = try parse("é: ü\nkey: value\n")
        guard case .mapping(let entries) = try #require(documents.first).root.content else { return }
        #expect(entries[0].value.location.column == 4)
    }

    @Test func multipleDocumentsAndEmptyOnes() throws {
        let documents = try parse("---\na: 1\n---\n# only a comment\n---\nb: 2\n")
        #expect(documents.count == 2)
        #expect(documents[1].location.line == 5)
    }

    @Test func coreSchemaResolution() throws {
        let documents = try parse("[123, \"123\", true, 'true', null, ~, 1.5, eu-west, !!str 42, 0x1F]")
        guard case .sequence(let items) = try #require(documents.first).root.content else { return }
        let resolved = items.map { item -> ResolvedScalar? in
            if case .scalar(let scalar) = item.content { return scalar.resolved }
            return nil
        }
        #expect(
            resolved == [
                .int(123), .string("123"), .bool(true), .string("true"), .null, .null, .float(1.5), .string("eu-west"),
                .string("42"), .int(31),
            ])
    }

    @Test func duplicateKeysAreRefusedWithBothLocations() {
        let diagnostic = error("a: 1\nb: 2\na: 3\n")
        #expect(diagnostic?.location == SourceLocation(file: "t.yaml", line: 3, column: 1))
        #expect(diagnostic?.message == "duplicate key `a` (first defined at 1:1)")
    }

    @Test func duplicateKeysInNestedFlowMappings() {
        #expect(error("x: {a: 1, a: 2}\n")?.location?.column == 11)
    }

    @Test func anchorsAndAliasesAreRefused() {
        #expect(error("a: &x 1\n")?.message == "anchors (`&x`) are not allowed")
        #expect(error("a: &x {b: 1}\n")?.location?.column == 4)
        let alias = error("a: *x\n")
        #expect(alias?.message == "aliases (`*name`) are not allowed")
        #expect(alias?.location == SourceLocation(file: "t.yaml", line: 1, column: 4))
    }

    @Test func billionLaughsIsRefusedAtTheFirstAnchor() {
        let bomb = """
            a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            """
        #expect(error(bomb)?.location?.line == 1)
    }

    @Test func onlyCoreTagsAreAccepted() throws {
        #expect(throws: Never.self) {
            try parse(
                "a: !!str 1\nb: !!int 2\nc: !!map {}\nd: !!seq []\ne: !!null ''\nf: !!bool true\ng: !!float 1.0\n")
        }
        let custom = error("a: !python/object:os.system ls\n")
        #expect(custom?.message == "tag `!python/object:os.system` is not allowed")
        #expect(error("a: !!binary aGk=\n")?.message == "tag `!!binary` is not allowed")
        #expect(error("a: !<tag:example.com,2000:x> 1\n")?.location?.column == 4)
    }

    @Test func nonUTF8IsRefusedAtTheFirstBadByte() {
        let bytes: [UInt8] = Array("a: ok\nb: caf".utf8) + [0xE9] + Array("\n".utf8)
        do throws(DiagnosticError) {
            _ = try YAMLParser.parse(bytes, file: "latin1.yaml")
            Issue.record("accepted non-UTF-8")
        } catch {
            #expect(error.diagnostics.first?.location == SourceLocation(file: "latin1.yaml", line: 2, column: 7))
            #expect(error.diagnostics.first?.message == "the file is not valid UTF-8")
        }
    }

    @Test func utf16IsRefused() {
        let bytes: [UInt8] = [0xFF, 0xFE, UInt8(ascii: "a"), 0, UInt8(ascii: ":"), 0]
        #expect(throws: DiagnosticError.self) { try YAMLParser.parse(bytes, file: "u16.yaml") }
    }

    @Test func overlongAndSurrogateEncodingsAreRefused() {
        #expect(UTF8Validation.firstInvalidOffset(in: [0x61, 0xC0, 0xAF].withUnsafeBufferPointer { $0 }) == 1)
        #expect(UTF8Validation.firstInvalidOffset(in: [0xED, 0xA0, 0x80].withUnsafeBufferPointer { $0 }) == 0)
        let text = Array("日本語 ✓ 🙂".utf8)
        #expect(UTF8Validation.firstInvalidOffset(in: text.withUnsafeBufferPointer { $0 }) == nil)
    }

    @Test func depthLimitIs64() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try parse(ok) }
        let deep = "a: " + String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        let diagnostic = error(deep)
        #expect(diagnostic?.message == "the document is nested deeper than 64 levels")
        // The root mapping is level 1, so the 64th bracket opens level 65.
        #expect(diagnostic?.location?.column == 3 + 64)
    }

    @Test func deeplyNestedBlockMappings() {
        var text = ""
        for level in 0..<70 { text += String(repeating: " ", count: level) + "k\(level):\n" }
        text += String(repeating: " ", count: 70) + "v\n"
        #expect(error(text)?.location?.line == 65)
    }

    @Test func nonScalarKeysAreRefused() {
        #expect(error("? [a, b]\n: 1\n")?.message.contains("mapping keys must be plain values") == true)
    }

    @Test func syntaxErrorsCarryTheLocation() {
        let diagnostic = error("a: 1\n b: 2\n")
        #expect(diagnostic?.location?.line == 2)
        #expect(diagnostic?.message.hasPrefix("invalid YAML:") == true)
    }

    @Test func emptyInputHasNoDocuments() throws {
        #expect(try parse("").isEmpty)
        #expect(try parse("# nothing\n").isEmpty)
    }
}
