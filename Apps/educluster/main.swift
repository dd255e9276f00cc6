import AppCore
import ArgumentParser
import Foundation

// Entry point: parse, run, and turn every error into one line on stderr with the exit code
// the docs promise — 2 for usage, 1 for anything else.
CLI.run(Array(CommandLine.arguments.dropFirst()))
