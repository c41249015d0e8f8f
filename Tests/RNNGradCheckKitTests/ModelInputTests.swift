import RNNGradCheck
import XCTest

@testable import RNNGradCheckKit

/// Parameters by name, and every way a model's input can be wrong: each is an error naming the
/// block, the entry or the function, never a trap.
final class ModelInputTests: XCTestCase {
    /// The error `body` throws, as a `ModelCheckError`.
    private func error(_ body: () throws -> Any) -> ModelCheckError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? ModelCheckError
        }
    }

    /// A loss of a², to check parameter lists against.
    private func square(_ parameters: ModelParameters<Double>, analytic: ModelGradients) throws -> ModelCheck {
        try checkGradients(parameters: parameters, analytic: analytic) { p in
            let a = try p.scalar("a")
            return a * a
        }
    }

    // MARK: - Reading parameters

    func testParameters_ReadByNameAsTheirKind() throws {
        let parameters: ModelParameters<Double> = [
            .matrix("W", Matrix([[1, 2, 3], [4, 5, 6]])), .vector("b", [7, 8]), .scalar("g", 9),
            .tensor("K", dimensions: [2, 1, 2], values: [1, 2, 3, 4]), .tensor("M", dimensions: [1, 2], values: [5, 6]),
        ]
        XCTAssertEqual(parameters.names, ["W", "b", "g", "K", "M"])
        XCTAssertEqual(try parameters.matrix("W"), Matrix([[1, 2, 3], [4, 5, 6]]))
        XCTAssertEqual(try parameters.vector("b"), Vector([7, 8]))
        XCTAssertEqual(try parameters.scalar("g"), 9)
        XCTAssertEqual(try parameters.values("K"), [1, 2, 3, 4])
        XCTAssertEqual(parameters["K"]?.shape, .tensor(dimensions: [2, 1, 2]))
        // Two dimensions make a matrix, one a vector.
        XCTAssertEqual(try parameters.matrix("M"), Matrix([[5, 6]]))
        XCTAssertNil(parameters["nothing"])
    }

    func testParameters_UnknownNameListsTheKnownOnes() {
        let parameters: ModelParameters<Double> = [.matrix("W_xh", .zeros(2, 2)), .vector("b_h", [0, 0])]
        let thrown = error { try parameters.matrix("W_hx") }
        XCTAssertEqual(thrown, .unknownParameter(name: "W_hx", known: ["W_xh", "b_h"]))
        XCTAssertEqual(thrown?.description, "the loss asks for W_hx, but the parameters are W_xh, b_h")
    }

    func testParameters_WrongKindSaysWhatTheBlockIs() {
        let parameters: ModelParameters<Double> = [.matrix("W", .zeros(2, 3)), .vector("b", [0, 0]), .scalar("g", 1)]
        XCTAssertEqual(error { try parameters.matrix("b") }?.description, "b was read as a matrix, but it is a vector of 2")
        XCTAssertEqual(error { try parameters.vector("W") }?.description, "W was read as a vector, but it is a matrix 2×3")
        XCTAssertEqual(error { try parameters.scalar("b") }?.description, "b was read as a scalar, but it is a vector of 2")
        XCTAssertEqual(error { try parameters.vector("g") }?.description, "g was read as a vector, but it is a scalar")
    }

    func testParameters_WrongValueCountThrowsInsteadOfTrapping() {
        let parameters = ModelParameters<Double>([ModelParameter(name: "W", shape: .matrix(rows: 2, columns: 2), values: [1, 2, 3])])
        XCTAssertEqual(error { try parameters.matrix("W") }?.description, "W must have 4 values for its shape 2×2, got 3")
        let huge = ModelParameters<Double>([.tensor("T", dimensions: [Int.max, 2, 2], values: [1])])
        XCTAssertEqual(
            error { try huge.values("T") }?.description,
            "T has an invalid shape [\(Int.max), 2, 2] (a negative dimension, or more entries than an Int can count)")
    }

    // MARK: - Validation before computing

    func testValidation_RejectsMalformedParameters() {
        let gradient: ModelGradients = [.scalar("a", 2)]
        XCTAssertEqual(error { try self.square([], analytic: gradient) }, .noParameters)
        XCTAssertEqual(error { try self.square([.scalar("", 1)], analytic: gradient) }, .emptyName(position: 0))
        XCTAssertEqual(error { try self.square([.scalar("a", 1), .vector("a", [1])], analytic: gradient) }, .duplicateName("a"))
        XCTAssertEqual(
            error { try self.square([.scalar("a", 1), .tensor("T", dimensions: [2, -1], values: [])], analytic: gradient) }?.description,
            "T has an invalid shape [2, -1] (a negative dimension, or more entries than an Int can count)")
        XCTAssertEqual(
            error { try self.square([.scalar("a", 1), .tensor("T", dimensions: [2, 2], values: [1, 2])], analytic: gradient) }?.description,
            "T must have 4 values for its shape 2×2, got 2")
        for bad in [Double.nan, .infinity] {
            XCTAssertEqual(
                error { try self.square([.scalar("a", 1), .matrix("W", Matrix([[0, 0], [bad, 0]]))], analytic: gradient) }?.description,
                "parameter W[1,0] is \(Format.value(bad)): every parameter must be finite to take a derivative")
        }
        XCTAssertEqual(Format.value(.nan), "NaN")
    }

    func testValidation_RejectsGradientsThatDoNotMatchTheParameters() {
        let parameters: ModelParameters<Double> = [.scalar("a", 1), .vector("b", [1, 2])]
        XCTAssertEqual(
            error { try self.square(parameters, analytic: [.scalar("a", 2)]) }?.description,
            "the gradients have no block for b (their blocks are a): give one block per parameter, by the parameter's name")
        XCTAssertEqual(
            error { try self.square(parameters, analytic: []) }?.description,
            "the gradients have no block for a, b (they have no blocks): give one block per parameter, by the parameter's name")
        XCTAssertEqual(
            error { try self.square(parameters, analytic: [.scalar("a", 2), .vector("b", [0, 0]), .scalar("c", 0)]) }?.description,
            "the gradients have a block c that no parameter has (the parameters are a, b)")
        XCTAssertEqual(
            error { try self.square(parameters, analytic: [.scalar("a", 2), .vector("b", [0, 0, 0])]) }?.description,
            "the gradient of b must be 2 like the parameter, got 3")
        XCTAssertEqual(
            error { try self.square(parameters, analytic: [.scalar("a", 2), .vector("b", [0, 0]), .scalar("a", 2)]) },
            .duplicateName("a"))
        XCTAssertEqual(
            error { try self.square(parameters, analytic: [.scalar("a", 2), ModelParameter(name: "b", shape: .vector(count: 2), values: [0])]) }?
                .description,
            "the gradient of b must have 2 values for its shape 2, got 1")
        // Any order is accepted; the report follows the parameters'.
        XCTAssertEqual(try square(parameters, analytic: [.vector("b", [0, 0]), .scalar("a", 2)]).blocks.map(\.key), ["a", "b"])
    }

    // MARK: - The model's own code

    func testLoss_NonFiniteAtThePointIsAnError() {
        let thrown = error {
            try checkGradients(parameters: [.scalar("a", 0)], analytic: [.scalar("a", 0)]) { p in Double.log(try p.scalar("a")) }
        }
        XCTAssertEqual(thrown?.description, "the loss closure is -inf at the given parameters: no gradient can be checked there")
    }

    func testModelErrors_AreAttributedToTheFunctionThatThrew() {
        struct Refusal: Error, CustomStringConvertible {
            var description: String { "no data loaded" }
        }
        struct Thrower: GradientCheckable {
            var failsIn: String
            var parameters: ModelParameters<Double> { [.vector("w", [0.3, 0.6])] }
            func loss<Scalar: RealScalar>(_ parameters: ModelParameters<Scalar>) throws -> Scalar {
                let w = try parameters.vector(failsIn == "name" ? "v" : "w")
                // Throws only away from the point: at w[1] + h, beyond 0.6.
                if failsIn == "perturbed", w[1].real > 0.6 { throw Refusal() }
                return w[0] * w[1]
            }
            func gradients() throws -> ModelGradients {
                if failsIn == "gradients" { throw Refusal() }
                return [.vector("w", [0.6, 0.3])]
            }
        }
        XCTAssertEqual(error { try checkGradients(of: Thrower(failsIn: "gradients")) }?.description, "Thrower.gradients() threw: no data loaded")
        XCTAssertEqual(error { try checkGradients(of: Thrower(failsIn: "perturbed")) }?.description, "Thrower.loss threw: no data loaded")
        XCTAssertEqual(error { try checkGradients(of: Thrower(failsIn: "name")) }, .unknownParameter(name: "v", known: ["w"]))
        XCTAssertTrue(try checkGradients(of: Thrower(failsIn: "nowhere")).passed)
    }

    func testErrors_AreLocalized() {
        let error: Error = ModelCheckError.duplicateName("W")
        XCTAssertEqual(error.localizedDescription, "two parameter blocks are called W: names must be unique")
    }
}
