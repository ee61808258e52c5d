import ArgumentParser
import Foundation
import KmemCore

/// The one place where errors become exit codes (sysexits.h values).
public enum ExitCodes {
    public static func code(for kind: Diagnostic.Kind) -> Int32 {
        switch kind {
        case .usage: return 64       // EX_USAGE
        case .data: return 65        // EX_DATAERR
        case .noInput: return 66     // EX_NOINPUT
        case .software: return 70    // EX_SOFTWARE
        case .cantCreate: return 73  // EX_CANTCREAT
        case .unavailable: return 69 // EX_UNAVAILABLE
        }
    }

    /// Prints every diagnostic to standard error and exits with the code of the worst one.
    static func fail(_ list: DiagnosticList) -> ExitCode {
        for d in list.diagnostics { FileHandle.standardError.write(Data(("kmemguide: " + d.description + "\n").utf8)) }
        if list.diagnostics.count > 1 {
            FileHandle.standardError.write(Data("kmemguide: \(list.diagnostics.count) problems\n".utf8))
        }
        return ExitCode(code(for: list.kind))
    }

    static func fail(_ d: Diagnostic) -> ExitCode { fail(DiagnosticList([d])) }
}

/// Runs `body`, turning our error values into messages and exit codes.
func reporting(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let list as DiagnosticList {
        throw ExitCodes.fail(list)
    } catch let d as Diagnostic {
        throw ExitCodes.fail(d)
    }
}
