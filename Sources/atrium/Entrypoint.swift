import ArgumentParser
import AtriumCore

@main
struct Entrypoint {
    static func main() async {
        EventLoopExecutor.installIfServing(Array(CommandLine.arguments.dropFirst()))
        await AtriumCommand.main()
    }
}
