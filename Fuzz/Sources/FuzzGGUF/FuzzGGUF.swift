import FuzzSupport
import Engine
#if canImport(Glibc)
import Glibc
#endif

/// `GGUFFile` maps a path, so each input is written to one scratch file per process (in /dev/shm when present).
private let scratchPath: String = {
    var info = stat()
    let dir = stat("/dev/shm", &info) == 0 ? "/dev/shm" : "/tmp"
    return "\(dir)/lumos-fuzz-gguf-\(getpid()).gguf"
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGGUF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let fd = open(scratchPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return 0 }
    var written = 0
    while written < size {
        let n = write(fd, data + written, size - written)
        if n <= 0 { break }
        written += n
    }
    close(fd)
    guard let file = try? GGUFFile(path: scratchPath) else { return 0 }
    // The parser promises every tensor lies inside the mapping; reading its first and last byte checks that.
    for info in file.tensorInfos where info.byteCount > 0 {
        precondition(info.offset >= 0 && info.offset + info.byteCount <= file.fileSize, "tensor \(info.name) outside the file")
        let bytes = file.data(for: info)
        _ = bytes.load(fromByteOffset: 0, as: UInt8.self)
        _ = bytes.load(fromByteOffset: info.byteCount - 1, as: UInt8.self)
    }
    _ = file.architecture
    return 0
}

@_cdecl("FuzzGGUF_main")
public func fuzzGGUFMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzGGUF)
}
