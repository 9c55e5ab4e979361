import Testing

@testable import AtriumOnboarding

/// The PNG writer and the libqrencode wrapper.
@Suite struct QRCodeTests {
    @Test func checksumsMatchKnownValues() {
        #expect(PNGImage.crc32(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(PNGImage.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        let stored = PNGImage.zlibStored(Array(repeating: 7, count: 70_000))
        #expect(stored.count == 2 + 5 + 65_535 + 5 + 4_465 + 4, "two stored blocks")
        #expect(stored[2] == 0 && stored[2 + 5 + 65_535] == 1, "only the last block is final")
    }

    @Test func encodesALinkAndRefusesOneTooLong() throws {
        let code = try QRCode(encoding: "https://coder.example.com/templates/default/go-dev/workspace?mode=form")
        #expect(code.size >= 21 && (code.size - 17) % 4 == 0, "a QR version's size is 17 + 4v")
        #expect(
            code.isDark(row: 0, column: 0) && code.isDark(row: 6, column: 6) && !code.isDark(row: 1, column: 1),
            "the finder pattern")
        let png = code.png(scale: 2)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Int(png[19]) + Int(png[18]) << 8 == (code.size + 8) * 2, "the quiet zone is 4 modules")
        #expect(throws: QRCode.EncodingError.self) { try QRCode(encoding: String(repeating: "a", count: 2_400)) }
    }
}
