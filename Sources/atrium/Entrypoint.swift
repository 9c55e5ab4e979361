import ArgumentParser
import AtriumCore

@main
struct Entrypoint {
    static func main() async {
        EventLoopExecutor.installIfServingPostgreSQL(Array(CommandLine.arguments.dropFirst()))
        await AtriumCommand.main()
    }
}
