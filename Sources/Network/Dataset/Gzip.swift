import CZlib

/// Decompression of gzip (RFC 1952) data through the system zlib.
public enum Gzip {
    /// The largest decompressed size accepted, in bytes (1 GiB): a guard against corrupt or
    /// hostile files that would otherwise exhaust memory.
    public static let maximumOutputBytes = 1 << 30

    /// Whether `bytes` start with the gzip magic number 1F 8B.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The decompressed contents of the gzip data `bytes` (several concatenated members are
    /// decompressed one after another); `file` names the source in errors.
    public static func decompress(_ bytes: [UInt8], file: String) throws -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(min(maximumOutputBytes, bytes.count * 4))
        var stream = z_stream()
        // windowBits 16 + MAX_WBITS: expect a gzip header and trailer rather than zlib's.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DatasetError.corruptGzip(file: file, reason: "zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }
        let chunkSize = 1 << 18
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        try bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(chunkSize)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunkSize - Int(stream.avail_out)
                output.append(contentsOf: chunk[0..<produced])
                guard output.count <= maximumOutputBytes else {
                    throw DatasetError.corruptGzip(file: file, reason: "decompresses to more than \(maximumOutputBytes) bytes")
                }
                switch status {
                case Z_STREAM_END:
                    // Another gzip member may follow (concatenated .gz files are valid gzip).
                    guard stream.avail_in > 0 else { return }
                    guard inflateReset(&stream) == Z_OK else {
                        throw DatasetError.corruptGzip(file: file, reason: "zlib could not start the next member")
                    }
                case Z_OK:
                    if stream.avail_in == 0 && produced < chunkSize {
                        throw DatasetError.corruptGzip(file: file, reason: "the stream ends before its end marker (truncated)")
                    }
                case Z_BUF_ERROR:
                    throw DatasetError.corruptGzip(file: file, reason: "the stream ends before its end marker (truncated)")
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                    throw DatasetError.corruptGzip(file: file, reason: message)
                }
            }
        }
        return output
    }
}
