import KmemQuestions
import KmemCore

/// A question file: YAML, every kind's keys, answers, misconceptions.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = QuestionLoader.parse(text, file: "questions/intro.yaml", topics: ["intro", "second", "vmalloc", "gfp", "kmalloc", "kzalloc", "layouts", "pages", "proc", "overview", "choosing", "translation"], seeds: ["s1"])
    return 0
}
