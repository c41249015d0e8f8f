// swift-tools-version:6.0
import PackageDescription

// No package dependencies: the Swift toolchain alone (standard library, libm, Foundation above the
// core, XCTest for the tests).
let package = Package(
    name: "rnn-gradcheck",
    products: [
        .executable(name: "rnn-gradcheck", targets: ["rnn-gradcheck"]),
        // The core: notations, numerical oracles, the checker, the derivation verifier.
        .library(name: "RNNGradCheck", targets: ["RNNGradCheck"]),
        // What a Swift program (an autograder, a user's own model) calls: documents, checks, grading.
        .library(name: "RNNGradCheckKit", targets: ["RNNGradCheckKit"]),
        // The XCTest assertion a user's own tests call: assertGradientsMatchNumerical(model).
        .library(name: "RNNGradCheckTesting", targets: ["RNNGradCheckTesting"]),
    ],
    targets: [
        // The core: the notations and their registry, the numerical oracles and the checker, the
        // documents' equations. Standard library + libm only; it returns data, never text.
        .target(name: "RNNGradCheck", dependencies: ["RNNGradCheckKernels"]),
        // AVX2 and AVX-512 versions of the core's hottest loops, chosen when the program runs (C: Swift
        // has no per-function instruction-set attribute). The core's Swift loops run everywhere else.
        .target(name: "RNNGradCheckKernels"),
        // The application layer: fixtures and gradients documents, JSON, check orchestration, the bug
        // registry, exercises and the grader, external programs. Returns data; prints nothing.
        .target(
            name: "RNNGradCheckKit", dependencies: ["RNNGradCheck"],
            resources: [.embedInCode("Exercises/Fixtures")]),
        // assertGradientsMatchNumerical for a user's XCTest suite (XCTest and the application layer).
        .target(name: "RNNGradCheckTesting", dependencies: ["RNNGradCheckKit", "RNNGradCheck"]),
        // Argument parsing, help, text formatting, exit status.
        .target(name: "RNNGradCheckCLI", dependencies: ["RNNGradCheckKit", "RNNGradCheck"]),
        // A few lines that call the CLI library.
        .executableTarget(name: "rnn-gradcheck", dependencies: ["RNNGradCheckCLI"]),
        .testTarget(name: "RNNGradCheckTests", dependencies: ["RNNGradCheck"]),
        .testTarget(name: "RNNGradCheckKitTests", dependencies: ["RNNGradCheckTesting", "RNNGradCheckKit", "RNNGradCheck"]),
        .testTarget(name: "RNNGradCheckCLITests", dependencies: ["RNNGradCheckCLI", "RNNGradCheckKit", "RNNGradCheck"]),
    ]
)
