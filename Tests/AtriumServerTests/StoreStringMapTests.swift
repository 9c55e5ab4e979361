import Testing

@testable import AtriumServer

/// A workspace's stored parameters, read back as the store wrote them (`Store.json`).
@Suite struct StoreStringMapTests {
    @Test func whatTheStoreWroteIsReadBack() {
        let parameters = ["region": "eu-west", "quote\"d": "line\nbreak \\ and ünïcode", "": "", "emoji": "🚀"]
        #expect(Store.stringMap(Store.json(parameters)) == parameters)
        #expect(Store.stringMap("{}") == [:])
        #expect(Store.stringMap(#" { "a" : "b" } "#) == ["a": "b"])
    }

    /// Anything but one object of strings is no map (the caller's empty default), never a
    /// partial one.
    @Test func anythingElseIsNoMap() {
        for text in ["", "null", "[]", #"{"a": 1}"#, #"{"a": "b"#, #"{"a": "b"} x"#, #"{"a": null}"#] {
            #expect(Store.stringMap(text) == nil, "\(text)")
        }
    }
}
