import Testing

@testable import AtriumCore

/// Declarations removed where they are written, and only those: block entries with what is
/// indented under them, flow entries with their comma; a value inside a flow map is never cut.
@Suite struct DeclarationRemoverTests {
    static let text = """
        spec:
          sharing:
            users:
              dev-1: use
              ines:
                role: admin
                expires: 2027-06-01
              bob: use
            groups: {qa: use, oncall: admin, ops: use}
            ports:
              - {port: 8080, level: public}
              - {port: 3000, level: organization}
          members: [jonas, dev-1, ines]
        """

    func remove(_ places: [(Int, Int)]) -> (String, [(line: Int, column: Int)]) {
        let result = DeclarationRemover.remove(places.map { (line: $0.0, column: $0.1) }, from: Self.text)
        return (result.text, result.left)
    }

    @Test func blockEntriesGoWithWhatIsIndentedUnderThem() {
        let (text, left) = remove([(4, 7), (5, 7)])
        #expect(left.isEmpty)
        #expect(!text.contains("dev-1: use") && !text.contains("ines:") && !text.contains("role: admin"))
        #expect(text.contains("      bob: use\n    groups:"))
    }

    @Test func flowEntriesGoWithTheirComma() {
        let (text, left) = remove([(9, 23), (9, 14), (13, 20)])
        #expect(left.isEmpty, "\(left)")
        #expect(text.contains("groups: {ops: use}"), "\(text)")
        #expect(text.contains("members: [jonas, ines]"), "\(text)")
    }

    @Test func aFlowItemOnItsOwnLineGoesAsALine() {
        let (text, _) = remove([(11, 17)])
        #expect(!text.contains("8080") && text.contains("3000"))
    }

    @Test func aValueInsideAFlowMapIsNeverCut() {
        let (text, left) = remove([(9, 19)])
        #expect(text == Self.text)
        #expect(left.count == 1)
    }
}
