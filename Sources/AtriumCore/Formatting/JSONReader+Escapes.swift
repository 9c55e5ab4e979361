extension JSONReader {
    /// A string with escapes, the reader at its opening quote.
    public mutating func escapedString() throws -> String {
        var scalars = String.UnicodeScalarView()
        var pending: [UInt8] = []
        func flush() throws {
            guard let text = String(validating: pending, as: UTF8.self) else {
                throw failure("UTF-8 text", at: offset)
            }
            scalars.append(contentsOf: text.unicodeScalars)
            pending.removeAll(keepingCapacity: true)
        }
        try expectQuote()
        while true {
            let byte = try nextRaw()
            switch byte {
            case UInt8(ascii: "\""):
                try flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flush()
                scalars.append(try escape())
            case 0..<0x20:
                throw failure("an escape, not a control character", at: offset - 1)
            default:
                pending.append(byte)
            }
        }
    }

    /// The character an escape stands for, the reader after its backslash.
    private mutating func escape() throws -> Unicode.Scalar {
        let start = offset
        switch try nextRaw() {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hex4()
            if (0xD800..<0xDC00).contains(unit) {
                // A high surrogate: its low half must follow as another \u escape.
                guard try nextRaw() == UInt8(ascii: "\\"), try nextRaw() == UInt8(ascii: "u") else {
                    throw failure("a low surrogate", at: start)
                }
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low),
                    let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                else {
                    throw failure("a low surrogate", at: start)
                }
                return scalar
            }
            guard let scalar = Unicode.Scalar(unit) else {
                throw failure("a character, not a lone surrogate", at: start)
            }
            return scalar
        default:
            throw failure("an escape", at: start)
        }
    }

    private mutating func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = try nextRaw()
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
                throw failure("a hex digit", at: offset - 1)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
