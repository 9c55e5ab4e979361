import ArgumentParser
import AtriumCore
import NIOCore
import NIOPosix

@main
struct Entrypoint {
    static func main() async {
        if CommandLine.arguments.dropFirst().first == "serve" {
            NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        await AtriumCommand.main()
    }
}
