// swift-tools-version:6.0
import PackageDescription

// No package dependencies: the Swift toolchain alone (standard library, libm, Foundation in the CLI
// layer only, XCTest for the tests).
let package = Package(
    name: "rnn-gradcheck",
    products: [
        .executable(name: "rnn-gradcheck", targets: ["rnn-gradcheck"]),
        .library(name: "RNNGradCheck", targets: ["RNNGradCheck"]),
    ],
    targets: [
        // The core: three BPTT notations, the numerical oracles and the checker. Standard library +
        // libm only; it returns data, never text.
        .target(name: "RNNGradCheck"),
        // Argument parsing, help, report formatting, JSON and exit status.
        .target(name: "RNNGradCheckCLI", dependencies: ["RNNGradCheck"]),
        // A few lines that call the CLI library.
        .executableTarget(name: "rnn-gradcheck", dependencies: ["RNNGradCheckCLI"]),
        .testTarget(name: "RNNGradCheckTests", dependencies: ["RNNGradCheck"]),
        .testTarget(name: "RNNGradCheckCLITests", dependencies: ["RNNGradCheckCLI", "RNNGradCheck"]),
    ]
)
