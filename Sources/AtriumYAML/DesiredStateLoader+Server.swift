package import AtriumCore

extension DesiredStateLoader {
    /// The server the `Config` document names, found ahead of the full load so that the live
    /// state can be read while the rest is parsed: only the files whose text mentions `Config`
    /// are parsed (a Config document cannot be written without those letters, short of a YAML
    /// escape). A first guess: what the full load decodes is what counts, and a caller compares
    /// the two before using anything read with this one.
    package static func serverSettings(in snapshot: SourceSnapshot) -> Config.Server {
        var decoder = DocumentDecoder()
        for file in snapshot.files where mentionsConfig(file.bytes) {
            guard let documents = try? YAMLParser.parse(file.bytes, file: file.path) else { continue }
            for document in documents { decoder.decode(document) }
        }
        return decoder.state.config.server
    }

    static func mentionsConfig(_ bytes: [UInt8]) -> Bool {
        let word = Array("Config".utf8)
        return bytes.withUnsafeBufferPointer { text in
            guard text.count >= word.count else { return false }
            var index = 0
            let last = text.count - word.count
            while index <= last {
                if text[index] == word[0], text[index + 1] == word[1], text[index + 2] == word[2],
                    text[index + 3] == word[3],
                    text[index + 4] == word[4], text[index + 5] == word[5]
                {
                    return true
                }
                index += 1
            }
            return false
        }
    }
}
