import Foundation
import PackagePlugin

/// Compiles content/, templates/ and verify/captures/ into the target that applies it, so the
/// kmemguide binary carries everything it reads and works when copied anywhere. The file list is
/// taken anew at every build, so an added, edited or removed file rebuilds the embedded copy.
@main
struct EmbedFiles: BuildToolPlugin {
    /// name in the generated code → folder of the package, and which files of it.
    static let trees: [(name: String, folder: String, suffix: String?)] = [
        ("content", "content", nil),
        ("templates", "templates", nil),
        ("captures", "verify/captures", ".json"),
    ]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        var inputs: [URL] = []
        var arguments: [String] = []
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        arguments.append(output.path)
        for tree in Self.trees {
            let dir = root.appending(path: tree.folder)
            arguments.append("\(tree.name)=\(dir.path)")
            inputs.append(dir)
            for rel in Self.files(in: dir) where tree.suffix.map({ rel.hasSuffix($0) }) ?? true {
                inputs.append(dir.appending(path: rel))
            }
        }
        return [.buildCommand(displayName: "Embedding content, templates and captures",
                              executable: try context.tool(named: "kmemguide-embed").url,
                              arguments: arguments, inputFiles: inputs, outputFiles: [output])]
    }

    /// Files below `dir`, relative, without hidden files or folders.
    static func files(in dir: URL) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: dir.path) else { return [] }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            if rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir.appending(path: rel).path, isDirectory: &isDir), !isDir.boolValue {
                out.append(rel)
            }
        }
        return out.sorted()
    }
}
