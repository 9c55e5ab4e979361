package import AtriumCore
package import Foundation

/// Parses, decodes and validates the desired state read from a revision (`AtriumGit` reads it).
package enum DesiredStateLoader {
    /// Parses, decodes and validates files already read. Large inputs are parsed on every core,
    /// in contiguous chunks whose results are joined in file order.
    package static func load(_ snapshot: SourceSnapshot, now: Date) -> LoadResult {
        let files = snapshot.files
        let chunkCount = files.count < 256 ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let chunkSize = (files.count + chunkCount - 1) / max(chunkCount, 1)
        var chunks = [Chunk](repeating: Chunk(), count: chunkCount)
        let everyCore: Planner.Jobs = { DispatchQueue.concurrentPerform(iterations: $0, execute: $1) }
        ParallelSlots.fill(&chunks, jobs: everyCore) { index, chunk in
            let start = index * chunkSize
            let end = min(start + chunkSize, files.count)
            if start < end { chunk = Chunk.parse(files[start..<end]) }
        }
        var decoder = DocumentDecoder()
        var parseErrors: [Diagnostic] = []
        var documentCount = 0
        for chunk in chunks {
            decoder.merge(chunk.decoder)
            parseErrors += chunk.parseErrors
            documentCount += chunk.documentCount
        }
        decoder.resolveRequests()
        var diagnostics = snapshot.refused + snapshot.notes + parseErrors + decoder.diagnostics
        if snapshot.files.isEmpty && snapshot.refused.isEmpty {
            diagnostics.append(.warning(at: nil, "no .yaml or .yml files were found", hint: "check --path and --rev"))
        }
        // Cross-document checks are meaningful only on documents that decoded; they still run
        // when some files failed, so that one run reports every problem.
        diagnostics += Validator(state: decoder.state, now: now, grantedAt: snapshot.committedAt).validate()
        // Then every FactoryTemplate must render with its defaults (the next stage, run here so
        // that validate reports its problems with the rest).
        for template in decoder.state.factoryTemplates {
            diagnostics += FactoryRenderer(template, now: now, serverURL: decoder.state.config.server.url)
                .checkDefaults()
        }
        diagnostics = DiagnosticLimit.apply(diagnostics, earlier: decoder.omitted)
        return LoadResult(
            commit: snapshot.commit, isWorktree: snapshot.isWorktree, state: decoder.state,
            diagnostics: diagnostics.sorted(), fileCount: snapshot.files.count, byteCount: snapshot.byteCount,
            documentCount: documentCount)
    }
}

/// The parse of a run of files.
private struct Chunk {
    var decoder = DocumentDecoder()
    var parseErrors: [Diagnostic] = []
    var documentCount = 0

    static func parse(_ files: ArraySlice<SourceFile>) -> Chunk {
        var chunk = Chunk()
        for file in files {
            do {
                let documents = try YAMLParser.parse(file.bytes, file: file.path)
                chunk.documentCount += documents.count
                for document in documents { chunk.decoder.decode(document) }
            } catch {
                chunk.parseErrors += error.diagnostics
            }
        }
        return chunk
    }
}
