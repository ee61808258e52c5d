import ArgumentParser
import Foundation
import KmemBuiltIn
import KmemContent
import KmemCore

/// `--content` and `--templates`, shared by every command that reads content, and the one rule
/// for which files a command uses:
///
/// 1. the folder given with `--content` / `--templates`;
/// 2. else `./content` / `./templates` when the current folder is a kmemguide checkout (so an
///    author's edit shows without rebuilding the program);
/// 3. else the copies compiled into kmemguide, so an installed binary works from any folder.
struct LibraryOptions: ParsableArguments {
    static var rule: String { Help.text("cli.library.rule") }

    @Option(help: Help.argument("cli.library.content", then: LibraryOptions.rule))
    var content: String?

    @Option(help: Help.argument("cli.library.templates", then: LibraryOptions.rule))
    var templates: String?

    /// Which content and templates this run uses (see the type's comment).
    func library(in cwd: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws(Diagnostic) -> Library {
        let contentTree: SourceTree
        if let content {
            contentTree = try SourceTree.openFolder(content, option: "--content")
        } else if Self.isCheckoutContent(cwd.appendingPathComponent("content")) {
            contentTree = SourceTree(folder: cwd.appendingPathComponent("content"), displayName: "content")
        } else {
            contentTree = BuiltIn.content
        }
        let templatesTree: SourceTree
        if let templates {
            // A symlinked folder is followed; messages name the folder as given.
            let given = URL(fileURLWithPath: templates)
            templatesTree = try SourceTree.openFolder(templates.isEmpty ? "" : given.resolvingSymlinksInPath().path, option: "--templates",
                                                      displayName: templates.isEmpty ? nil : given.lastPathComponent)
        } else if FileManager.default.fileExists(atPath: cwd.appendingPathComponent("templates/page.mustache").path) {
            templatesTree = SourceTree(folder: cwd.appendingPathComponent("templates"), displayName: "templates")
        } else {
            templatesTree = BuiltIn.templates
        }
        // Captures are what real kernels reported, not authored text: verify/captures beside a
        // content folder when there is one (a checkout), else the built-in copy.
        var captures = BuiltIn.captures
        if case .folder(let url) = contentTree.origin, let beside = Library.captures(besideContent: url) { captures = beside }
        return Library(content: contentTree, templates: templatesTree, captures: captures)
    }

    /// A folder that looks like kmemguide's content: ui.yaml and pages/.
    static func isCheckoutContent(_ dir: URL) -> Bool {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        return fm.fileExists(atPath: dir.appendingPathComponent("ui.yaml").path)
            && fm.fileExists(atPath: dir.appendingPathComponent("pages").path, isDirectory: &isDir) && isDir.boolValue
    }
}
