// AtriumServer: the reference server, answering as Coder's code does. API/ holds the wire
// types, errors and JSON coding; Routes/ the routes by resource; Store/ the domain rules
// over records, tokens and seeds; Database/ SQLite (GRDB) and PostgreSQL (PostgresNIO) behind
// one SQLDatabase; Middleware/ authentication, logging and fault injection.
//
// It may import AtriumCore, AtriumYAML (seed files), Hummingbird, GRDB, PostgresNIO, SwiftNIO and
// swift-log. It never imports the client.
