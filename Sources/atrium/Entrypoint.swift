import ArgumentParser
import AtriumCore

@main
struct Entrypoint {
    static func main() async {
        await AtriumCommand.main()
    }
}
