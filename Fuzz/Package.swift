// swift-tools-version:6.0
import PackageDescription

// A libFuzzer target for the readers of untrusted input: the JSON parser, the fixture decoder, the
// gradients-document decoder and the answer decoder. Not part of the main package (it needs
// -sanitize=fuzzer); Fuzz/run builds and runs it. See notes/robustness.md.
let package = Package(
    name: "rnn-gradcheck-fuzz",
    dependencies: [.package(name: "rnn-gradcheck", path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzDecoders",
            dependencies: [.product(name: "RNNGradCheckKit", package: "rnn-gradcheck")])
    ]
)
