// atrium: the command-line interface. It owns parsing flags (swift-argument-parser) and
// printing: results on stdout, findings and logs on stderr, colour only on a TTY without
// NO_COLOR. Every decision is made by the libraries; a command's run() wires flags to them.
//
// Folders by concern: Commands/ (one file a command), Options/ (option groups shared by
// commands, and what they resolve to), Output/ (the terminal, formats, printers, logs),
// Runtime/ (the executor tasks run on, interrupts).
//
// It may import every Atrium library.
