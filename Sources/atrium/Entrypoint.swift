import ArgumentParser
import AtriumCore

@main
struct Entrypoint {
    static func main() async {
        OutputStream.ignoreBrokenPipes()
        EventLoopExecutor.install(for: Array(CommandLine.arguments.dropFirst()))
        await AtriumCommand.main()
    }
}
