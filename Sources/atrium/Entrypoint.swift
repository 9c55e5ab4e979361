import AtriumCore
import AtriumYAML
import AtriumGit
import AtriumOnboarding
import ArgumentParser

@main
struct Entrypoint {
    static func main() async {
        await AtriumCommand.main()
    }
}
