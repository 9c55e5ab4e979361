import AtriumCore
import Testing

/// `postgres://` URLs as libpq reads them: a TCP host and port, or a socket directory in `?host=`.
@Suite struct PostgresURLTests {
    @Test func tcpURL() throws {
        let url = try #require(PostgresURL("postgres://atrium:secret@db.internal:6432/atrium"))
        #expect(
            url.host == "db.internal" && url.port == 6432 && url.username == "atrium" && url.password == "secret"
                && url.database == "atrium")
        #expect(url.socketPath == nil)
        #expect(PostgresURL("postgresql://db/x")?.port == 5432)
        #expect(
            PostgresURL.redacted("postgres://atrium:secret@db:5432/atrium") == "postgres://atrium:***@db:5432/atrium")
    }

    @Test func socketDirectory() throws {
        let url = try #require(PostgresURL("postgres://atrium@/bench?host=/var/run/postgresql&port=6543"))
        #expect(url.socketPath == "/var/run/postgresql/.s.PGSQL.6543")
        #expect(url.database == "bench" && url.username == "atrium")
        #expect(PostgresURL("postgres://atrium@/bench?host=/tmp")?.socketPath == "/tmp/.s.PGSQL.5432")
    }

    @Test func refusals() {
        #expect(PostgresURL("mysql://db/x") == nil)
        #expect(PostgresURL("postgres:///x") == nil, "no host and no socket directory")
        #expect(PostgresURL("postgres://u@/x?host=relative/dir") == nil, "a socket directory is absolute")
    }
}
