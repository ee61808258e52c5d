import Foundation
import KmemCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written item by item through a buffered `FILE*`: created as a temporary file beside
/// its final name and renamed into place by `commit()` once it is complete. Memory use is the
/// buffer, whatever the size of the file.
final class OutputFile {
    let url: URL
    let tempURL: URL
    private var fp: UnsafeMutablePointer<FILE>?
    /// Bytes written so far.
    private(set) var offset: UInt64 = 0

    /// `scratch` files are never renamed: they are read back and removed (zip spools).
    init(_ url: URL, scratch: Bool = false) throws(Diagnostic) {
        self.url = url
        self.tempURL = scratch ? url : url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".partial")
        guard let f = fopen(tempURL.path, scratch ? "w+b" : "wb") else {
            throw Diagnostic(.cantCreate, at: SourceLocation(file: url.path),
                             "cannot create the file: \(String(cString: strerror(errno)))",
                             hint: "check that the output folder is writable")
        }
        setvbuf(f, nil, _IOFBF, 1 << 18)
        fp = f
    }

    deinit {
        if let fp { fclose(fp); unlink(tempURL.path) }
    }

    func write(_ s: String) throws(Diagnostic) {
        var s = s
        let ok = s.withUTF8 { buf -> Bool in
            buf.isEmpty || fwrite(buf.baseAddress, 1, buf.count, fp) == buf.count
        }
        guard ok else { throw failure("cannot write") }
        offset += UInt64(s.utf8.count)
    }

    func write(_ bytes: [UInt8]) throws(Diagnostic) {
        let ok = bytes.withUnsafeBufferPointer { buf -> Bool in
            buf.isEmpty || fwrite(buf.baseAddress, 1, buf.count, fp) == buf.count
        }
        guard ok else { throw failure("cannot write") }
        offset += UInt64(bytes.count)
    }

    /// Copies the whole content of a scratch file into this one, in chunks.
    func append(contentsOf scratch: OutputFile) throws(Diagnostic) {
        guard let src = scratch.fp, fflush(src) == 0, fseeko(src, 0, SEEK_SET) == 0 else {
            throw scratch.failure("cannot read back")
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBufferPointer { fread($0.baseAddress, 1, $0.count, src) }
            if n == 0 { break }
            try write(Array(chunk[0..<n]))
        }
        guard ferror(src) == 0 else { throw scratch.failure("cannot read back") }
    }

    /// Flushes, syncs and closes the file, then renames it to its final name.
    func commit() throws(Diagnostic) {
        guard let f = fp else { return }
        fp = nil
        let flushed = fflush(f) == 0 && fsync(fileno(f)) == 0
        let closed = fclose(f) == 0
        guard flushed, closed else {
            unlink(tempURL.path)
            throw failure("cannot finish writing")
        }
        guard tempURL == url || rename(tempURL.path, url.path) == 0 else {
            unlink(tempURL.path)
            throw failure("cannot rename into place")
        }
    }

    /// Closes and deletes a scratch file.
    func remove() {
        if let f = fp { fclose(f); fp = nil }
        unlink(tempURL.path)
    }

    private func failure(_ what: String) -> Diagnostic {
        Diagnostic(.cantCreate, at: SourceLocation(file: url.path), "\(what) the file: \(String(cString: strerror(errno)))",
                   hint: "check free disk space and permissions of the output folder")
    }
}
