import ArgumentParser
import AtriumCore

@main
struct Entrypoint {
    static func main() async {
        EventLoopExecutor.install(for: Array(CommandLine.arguments.dropFirst()))
        await AtriumCommand.main()
    }
}
