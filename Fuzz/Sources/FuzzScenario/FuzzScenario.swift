import KmemScenario
import KmemCore
import Foundation

/// A `sim run` scenario: UTF-8, YAML, steps, then the run itself on the simulator.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = try? TextFile.utf8(Data(bytes: data, count: size), file: "s.yaml"),
          let script = try? ScenarioScript.parse(text, file: "s.yaml") else { return 0 }
    _ = try? script.run()
    return 0
}
