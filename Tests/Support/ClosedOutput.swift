public import Foundation

/// Runs a program with its stdout on a pipe whose reading end is already closed (every write
/// meets EPIPE, with no race against a reader), or on a file such as `/dev/full`; through a small
/// Python runner, because the descriptor must be made before the program starts.
public enum ClosedOutput {
    static let runner = """
        import os, subprocess, sys
        target = sys.argv[1]
        if target == "closed-pipe":
            read, write = os.pipe()
            os.close(read)
            out = write
        else:
            out = os.open(target, os.O_WRONLY)
        child = subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.PIPE, timeout=90)
        sys.stdout.write(f"status={child.returncode}\\n")
        sys.stdout.write(child.stderr.decode("utf-8", "replace"))
        """

    /// The program's exit status (negative: the signal that ended it) and what it wrote to stderr.
    public static func run(
        _ target: String, _ executable: String, _ arguments: [String], in directory: URL,
        environment: [String: String] = [:]
    ) async throws -> (status: Int, stderr: String) {
        let output = try await ChildProcess.tool(
            ["python3", "-c", runner, target, executable] + arguments, in: directory, environment: environment)
        let first = output.prefix { $0 != "\n" }
        let status = Int(first.dropFirst("status=".count)) ?? -999
        return (status, String(output.dropFirst(first.count)))
    }
}
