// swift-tools-version: 6.0
// Crossbar: an emulator of processing-in-memory accelerators built from analog crossbar arrays.
// No package dependencies: only the Swift toolchain and the system zlib.

import PackageDescription

/// Compiler settings that give the numeric kernels their fast path.
///
/// The kernels are optimised (`-O`) in every build configuration, so debug builds of the CLI and
/// of the tests still have fast kernels. On x86-64 they are compiled for Haswell-class CPUs (AVX2
/// + FMA: every x86-64 CPU since 2013–2015), and `NUMERICS_FMA` tells the GEMM micro-kernel it may
/// use fused multiply-adds (without FMA, `SIMD.addProduct` would become one library call per
/// lane). Measured on one core of the 2-core EPYC dev machine, 1024³ SGEMM: 41 GFLOP/s with these
/// flags, 20 with AVX2 but no FMA, 12 for Swift's default baseline (SSE2). arm64 always has FMA.
/// A host without AVX2 needs the x86-64 line removed. `-fno-math-errno` lets `squareRoot()`
/// compile to one vector instruction instead of a per-lane check for `errno`. `unsafeFlags` are
/// accepted in a root package; see the README ("Using Crossbar as a library") for what that means
/// for depending on Crossbar.
let kernelSettings: [SwiftSetting] = {
    var flags = ["-O", "-enforce-exclusivity=unchecked", "-Xcc", "-fno-math-errno"]
    #if arch(x86_64)
    flags += ["-target-cpu", "haswell", "-D", "NUMERICS_FMA"]
    #endif
    return [.unsafeFlags(flags)]
}()

let package = Package(
    name: "Crossbar",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "crossbar", targets: ["crossbar"]),
        .library(name: "DataFiles", targets: ["DataFiles"]),
        .library(name: "Numerics", targets: ["Numerics"]),
        .library(name: "Device", targets: ["Device"]),
        .library(name: "Circuit", targets: ["Circuit"]),
        .library(name: "Network", targets: ["Network"]),
        .library(name: "Accelerator", targets: ["Accelerator"]),
        .library(name: "Experiment", targets: ["Experiment"]),
    ],
    targets: [
        // MARK: - Public modules (arrows point at what a module imports; see DESIGN.md)
        .target(name: "DataFiles"),
        .target(name: "Numerics", swiftSettings: kernelSettings),
        .target(name: "Device", dependencies: ["DataFiles", "Numerics"]),
        .target(name: "Circuit", dependencies: ["Numerics", "Device"], swiftSettings: kernelSettings),
        .target(name: "Network", dependencies: ["DataFiles", "Numerics", "CZlib"], swiftSettings: kernelSettings),
        .target(
            name: "Accelerator", dependencies: ["DataFiles", "Numerics", "Device", "Circuit", "Network"],
            swiftSettings: kernelSettings),
        .target(name: "Experiment", dependencies: ["DataFiles", "Numerics", "Device", "Circuit", "Network", "Accelerator"]),
        .executableTarget(
            name: "crossbar",
            dependencies: ["DataFiles", "Numerics", "Device", "Circuit", "Network", "Accelerator", "Experiment"]),

        // MARK: - Implementation details
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),

        // MARK: - Unit test bundles
        .target(name: "TestSupport", dependencies: ["Numerics"], path: "Tests/TestSupport"),
        .testTarget(name: "DataFilesTests", dependencies: ["DataFiles"]),
        .testTarget(name: "NumericsTests", dependencies: ["Numerics", "TestSupport"]),
        .testTarget(name: "DeviceTests", dependencies: ["Device", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CircuitTests", dependencies: ["Circuit", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "NetworkTests", dependencies: ["Network", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "AcceleratorTests", dependencies: ["Accelerator", "DataFiles", "TestSupport"]),
        .testTarget(name: "ExperimentTests", dependencies: ["Experiment", "DataFiles", "TestSupport"]),
        .testTarget(name: "crossbarTests", dependencies: ["crossbar", "DataFiles", "TestSupport"]),
    ]
)
