import AtriumCore
import Foundation
import Testing

/// The one byte-level JSON reader: what it reads, and that anything malformed is an error with
/// the byte where it went wrong, never a crash or a silently repaired value.
@Suite struct JSONReaderTests {
    @Test func readsMembersOfEveryKind() throws {
        let text =
            #" {"n\u0061me": "é 🚀", "ok": true, "no": false, "count": -42, "none": null, "skip": [1.5e3, {"a": [true]}]} "#
        var reader = JSONReader(Array(text.utf8))
        var seen: [String: String] = [:]
        try reader.object { reader, key in
            let name = try reader.name(key)
            switch name {
            case "name": seen[name] = try reader.string()
            case "ok", "no": seen[name] = String(try reader.bool())
            case "count": seen[name] = String(try reader.int())
            case "none": seen[name] = try reader.optionalString() ?? "nil"
            default: try reader.skip()
            }
        }
        try reader.finish()
        #expect(seen == ["name": "é 🚀", "ok": "true", "no": "false", "count": "-42", "none": "nil"])
    }

    @Test(arguments: [
        [UInt8](#"{"a": ""#.utf8) + [0xFF, 0xFE] + [UInt8](#""}"#.utf8),  // bad UTF-8
        [UInt8](#"{"a": "x\u0001"}"#.utf8).map { $0 == 0x5C ? 0x01 : $0 },  // a raw control character
        [UInt8](#"{"a": "\q"}"#.utf8),  // an unknown escape
        [UInt8](#"{"a": "\ud83d"}"#.utf8),  // a lone surrogate
        [UInt8](#"{"a": tru}"#.utf8),
        [UInt8](#"{"a": "b"} x"#.utf8),
        [UInt8](#"{"a" "b"}"#.utf8),
        [],
    ])
    func malformedTextIsAnError(bytes: [UInt8]) {
        var reader = JSONReader(bytes)
        #expect(throws: JSONReaderError.self) {
            try reader.object { reader, _ in _ = try reader.string() }
            try reader.finish()
        }
    }

    @Test func anErrorNamesWhatWasExpectedAndWhere() {
        var reader = JSONReader(Array(#"{"a": 1 "b": 2}"#.utf8))
        do {
            try reader.object { reader, _ in _ = try reader.int() }
            Issue.record("read malformed JSON")
        } catch let error as JSONReaderError {
            #expect(error.description == "malformed JSON: expected `,` or `}` at byte 8")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func handBuiltValuesAreWrittenLikeEveryOtherJSON() {
        let value: JSONValue = ["b": .int(2), "a": ["x", .null, .bool(true), .double(1.5)]]
        #expect(
            JSONFormat.text(value: value)
                == "{\n  \"a\" : [\n    \"x\",\n    null,\n    true,\n    1.5\n  ],\n  \"b\" : 2\n}")
    }
}
