import AtriumCore
internal import CLibQREncode
import Foundation

/// A QR code for a link, made by libqrencode (8-bit mode, error correction level M), as a grid
/// of modules that `PNGImage` can draw.
package struct QRCode: Sendable {
    /// Modules per side.
    package let size: Int
    /// Row-major; `true` is a dark module.
    package let modules: [Bool]

    /// The most bytes a version-40 symbol holds at error correction level M.
    package static let capacity = 2_331

    /// Why a link has no QR code.
    package struct EncodingError: Error, Sendable, CustomStringConvertible {
        package var description: String
    }

    package init(encoding text: String) throws(EncodingError) {
        let bytes = text.utf8.count
        guard bytes <= Self.capacity else {
            throw EncodingError(
                description: "the link is \(bytes) bytes; a QR code holds at most \(Self.capacity) (shorten its inputs)"
            )
        }
        guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else {
            throw EncodingError(
                description: "libqrencode could not encode the link (\(String(cString: strerror(errno))))")
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        size = width
        modules = (0..<(width * width)).map { code.pointee.data[$0] & 1 == 1 }
    }

    package func isDark(row: Int, column: Int) -> Bool { modules[row * size + column] }

    /// The PNG's width and height in pixels.
    package func side(scale: Int = 8, quietZone: Int = 4) -> Int { (size + 2 * quietZone) * scale }

    /// A black-on-white PNG, `scale` pixels per module, with the 4-module quiet zone the
    /// standard asks for.
    package func png(scale: Int = 8, quietZone: Int = 4) -> [UInt8] {
        let side = side(scale: scale, quietZone: quietZone)
        return PNGImage.monochrome(width: side, height: side) { x, y in
            let row = y / scale - quietZone
            let column = x / scale - quietZone
            guard row >= 0, row < size, column >= 0, column < size else { return false }
            return isDark(row: row, column: column)
        }
    }
}
