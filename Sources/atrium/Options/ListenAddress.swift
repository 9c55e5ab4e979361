import ArgumentParser

/// `HOST:PORT` for --listen.
enum ListenAddress {
    static func parse(_ text: String, option: String) throws -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw ValidationError("\(option) `\(text)` is not HOST:PORT")
        }
        return (String(text[..<colon]), port)
    }
}
