// swift-tools-version:6.0
import PackageDescription

// A model rnn-gradcheck does not ship (an RNN with biases and a learned initial state), checked with
// the package's Swift API. The dependency is the rnn-gradcheck repository, by path. Its identity is
// the folder's name, whatever the clone is called, so the dependency is given a name to refer to.
let package = Package(
    name: "OwnModel",
    dependencies: [.package(name: "rnn-gradcheck", path: "../../..")],
    targets: [
        // The model: forward pass (generic over the scalar) and BPTT by hand.
        .target(
            name: "OwnModel",
            dependencies: [
                .product(name: "RNNGradCheck", package: "rnn-gradcheck"), .product(name: "RNNGradCheckKit", package: "rnn-gradcheck"),
            ]),
        // Checks the model and prints the table `rnn-gradcheck check` prints.
        .executableTarget(
            name: "own-model",
            dependencies: [
                "OwnModel", .product(name: "RNNGradCheck", package: "rnn-gradcheck"),
                .product(name: "RNNGradCheckKit", package: "rnn-gradcheck"),
            ]),
        // XCTest with assertGradientsMatchNumerical.
        .testTarget(
            name: "OwnModelTests",
            dependencies: [
                "OwnModel", .product(name: "RNNGradCheck", package: "rnn-gradcheck"),
                .product(name: "RNNGradCheckKit", package: "rnn-gradcheck"),
                .product(name: "RNNGradCheckTesting", package: "rnn-gradcheck"),
            ]),
    ]
)
