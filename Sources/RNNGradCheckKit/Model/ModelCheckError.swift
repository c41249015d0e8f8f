import Foundation
import RNNGradCheck

/// Why a model's gradients could not be checked: its parameters or gradients are malformed, or its
/// loss cannot be evaluated. Each error is one line naming the block, the entry or the function, and
/// what was expected against what was found. (A gradient that disagrees with the numerical one, or
/// holds a NaN, is not an error: it is a failing `ModelCheck`.)
public enum ModelCheckError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The model lists no parameter blocks.
    case noParameters
    /// A block has an empty name.
    case emptyName(position: Int)
    /// Two blocks have the same name.
    case duplicateName(String)
    /// A block's shape and its number of values disagree (or a dimension is negative, or the number
    /// of entries overflows).
    case valueCount(name: String, shape: Shape, count: Int)
    /// A parameter value is a NaN or an infinity: no derivative can be taken there.
    case nonFiniteParameter(entry: String, value: Double)
    /// The loss asked for a block the parameters do not have.
    case unknownParameter(name: String, known: [String])
    /// The loss read a block as the wrong kind (a vector as a matrix).
    case wrongKind(name: String, shape: Shape, requested: String)
    /// Parameters without a gradient block of the same name (`given`: the gradient's block names).
    case missingGradients(names: [String], given: [String])
    /// Gradient blocks whose names no parameter has.
    case unexpectedGradients(names: [String], parameters: [String])
    /// A gradient block's shape differs from its parameter's.
    case gradientShape(name: String, parameter: Shape, gradient: Shape)
    /// The loss at the given parameters is a NaN or an infinity.
    case nonFiniteLoss(source: String, value: Double)
    /// The complex step was asked for a loss written for `Double` only.
    case complexStepNeedsGenericLoss
    /// The model's own code threw: `function` is `BiasedRNN.loss` or `BiasedRNN.gradients()`.
    case modelThrew(function: String, message: String)

    public var description: String {
        switch self {
        case .noParameters:
            return "the model has no parameters: list at least one block (name, shape, values)"
        case .emptyName(let position):
            return "parameter block \(position) has an empty name: every block needs a name"
        case .duplicateName(let name):
            return "two parameter blocks are called \(name): names must be unique"
        case .valueCount(let name, let shape, let count):
            guard let entries = shape.checkedCount else {
                return "\(name) has an invalid shape \(shape.dimensions) (a negative dimension, or more entries than an Int can count)"
            }
            return "\(name) must have \(entries) values for its shape \(shape), got \(count)"
        case .nonFiniteParameter(let entry, let value):
            return "parameter \(entry) is \(Format.value(value)): every parameter must be finite to take a derivative"
        case .unknownParameter(let name, let known):
            return "the loss asks for \(name), but the parameters are \(known.joined(separator: ", "))"
        case .wrongKind(let name, let shape, let requested):
            return "\(name) was read as \(requested), but it is \(Self.kind(of: shape))"
        case .missingGradients(let names, let given):
            let blocks = given.isEmpty ? "they have no blocks" : "their blocks are \(given.joined(separator: ", "))"
            return "the gradients have no block for \(names.joined(separator: ", ")) (\(blocks)): give one block per parameter, by the parameter's name"
        case .unexpectedGradients(let names, let parameters):
            return "the gradients have a block \(names.joined(separator: ", ")) that no parameter has (the parameters are \(parameters.joined(separator: ", ")))"
        case .gradientShape(let name, let parameter, let gradient):
            return "the gradient of \(name) must be \(parameter) like the parameter, got \(gradient)"
        case .nonFiniteLoss(let source, let value):
            return "\(source) is \(Format.value(value)) at the given parameters: no gradient can be checked there"
        case .complexStepNeedsGenericLoss:
            return "the complex step needs a loss generic over the scalar: conform the model to GradientCheckable, or use central or Richardson differences"
        case .modelThrew(let function, let message):
            return "\(function) threw: \(message)"
        }
    }

    public var errorDescription: String? { description }

    /// "a matrix 4×3", "a vector of 4", "a scalar", "a tensor 2×3×4".
    private static func kind(of shape: Shape) -> String {
        switch shape {
        case .matrix: return "a matrix \(shape)"
        case .vector(let count): return "a vector of \(count)"
        case .tensor(let dimensions): return dimensions.isEmpty ? "a scalar" : "a tensor \(shape)"
        }
    }
}
